// dynalite (the local DynamoDB server) as a child of the enrich JVM, run with `node -e`.
// Arguments: --host H --port P [--path DIR]; each falls back to DYNALITE_HOST, DYNALITE_PORT, DYNALITE_PATH.
// Protocol with the parent (DynaliteProcess.java):
//   - one line `READY <port>` on stdout once the server listens; errors go to stderr;
//   - exit code 98 when the port is taken, 3 when node is too old, 1 on any other start failure;
//   - stdin reaching EOF means the parent is gone or asks us to stop: the pipe's write end closes
//     even when the JVM is killed with -9, so this child never outlives it.
'use strict'

const EXIT_PORT_IN_USE = 98
const EXIT_NODE_TOO_OLD = 3

function option (name) {
  const i = process.argv.indexOf('--' + name)
  if (i >= 0 && i + 1 < process.argv.length) return process.argv[i + 1]
  return process.env['DYNALITE_' + name.toUpperCase()]
}

const major = Number(process.versions.node.split('.')[0])
if (major < 20) {
  process.stderr.write('dynalite 4 needs node 20 or later, this is node ' + process.versions.node + '\n')
  process.exit(EXIT_NODE_TOO_OLD)
}

const host = option('host') || '127.0.0.1'
const port = Number(option('port') || 0)
const path = option('path')

let server = null
let stopping = false

function stop () {
  if (stopping) return
  stopping = true
  if (server === null) process.exit(0)
  // Keep-alive connections of the SDK clients would hold server.close() open: drop them.
  if (server.closeAllConnections) server.closeAllConnections()
  // dynalite's close also closes LevelDB, so a persistent store is left clean.
  server.close(() => process.exit(0))
  // Never hang on shutdown: the parent escalates to SIGKILL anyway.
  setTimeout(() => process.exit(0), 3000).unref()
}

// Ctrl-C in a terminal signals the whole process group. The JVM handles it by finishing
// in-flight batches first, which need DynamoDB: so we stop only when the JVM tells us (stdin EOF).
process.on('SIGINT', () => {})
process.on('SIGTERM', stop)
process.stdin.on('end', stop)
process.stdin.on('close', stop)
process.stdin.on('error', stop)
process.stdin.resume()

const options = { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }
if (path) options.path = path

try {
  server = require('dynalite')(options)
} catch (e) {
  process.stderr.write('cannot load dynalite: ' + e.message + '\n')
  process.exit(1)
}
server.on('error', (e) => {
  if (e.code === 'EADDRINUSE') {
    process.stderr.write('port ' + port + ' on ' + host + ' is already in use\n')
    process.exit(EXIT_PORT_IN_USE)
  }
  process.stderr.write('dynalite failed: ' + (e.stack || e) + '\n')
  process.exit(1)
})
server.listen(port, host, () => {
  if (stopping) return
  process.stdout.write('READY ' + server.address().port + '\n')
})
