// Every client of CodexCore (the CLI, the server, the store, the tests) uses the foundation's
// types through it: `import CodexCore` stays the one import.
@_exported import CodexFoundation
