/** AWS clients as enrich builds them (endpoints, credentials, MFA), and what their failures mean to a caller. */
package dev.enrich.client.aws;
