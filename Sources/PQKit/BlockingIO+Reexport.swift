// `PostgresConnection.connect` and `withConnection` come from BlockingIO's `BlockingConnection`; with member import
// visibility a caller sees them only if it sees BlockingIO, so importing PQKit brings it along.
@_exported import BlockingIO
