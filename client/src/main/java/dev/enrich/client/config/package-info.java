/** enrich's settings: flags, environment, the profile file and the built-in local profile, and the redaction of secrets. */
package dev.enrich.client.config;
