// Every file of this target sees the shared test support (temporary folders, the fixture server,
// the built binary) without importing it one by one.
@_exported import CodexTestSupport
