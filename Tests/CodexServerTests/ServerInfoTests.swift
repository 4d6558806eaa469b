import CodexCore
import CodexServer
import Testing

struct ServerInfoTests {
    @Test func serverReportsTheCoreVersion() {
        #expect(CodexServerInfo.version == CodexVersion.current)
    }
}
