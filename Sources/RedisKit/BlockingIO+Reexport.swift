// `RedisConnection.connect` and `withConnection` come from BlockingIO's `BlockingConnection`; with member import
// visibility a caller sees them only if it sees BlockingIO, so importing RedisKit brings it along.
@_exported import BlockingIO
