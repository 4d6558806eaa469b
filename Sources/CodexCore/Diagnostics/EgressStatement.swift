import Foundation

/// Whether the configuration can send anything off this machine, and if so where and why, in one
/// sentence `codex doctor` prints. A pure function of the settings, so it is exactly what the
/// gateway will do: cloud endpoints exist only when allowed and configured.
public struct EgressStatement: Sendable, Codable, Equatable {
    /// True when a prompt may leave the machine.
    public var leavesMachine: Bool
    /// Hosts prompts may be sent to.
    public var destinations: [String]
    public var sentence: String

    public init(settings: Settings) throws {
        let allowVariable = SettingKey.allowCloud.environmentName
        guard try settings.allowsCloud() else {
            self.init(
                leavesMachine: false, destinations: [],
                sentence: "nothing leaves this machine: providers are only reached on loopback and \(allowVariable) is off")
            return
        }
        let choice = try settings.provider()
        var destinations: [String] = []
        var reasons: [String] = []
        if choice == .auto || choice == .openai, settings[.openAIAPIKey] != nil {
            let url = try settings.url(.openAIBaseURL) ?? OpenAIProvider.defaultURL
            destinations.append(url.host ?? url.absoluteString)
            reasons.append("\(SettingKey.openAIAPIKey.environmentName) is set")
        }
        if choice == .auto || choice == .azure, let endpoint = try settings.url(.azureEndpoint),
            settings[.azureAPIKey] != nil, settings[.azureDeployment] != nil
        {
            destinations.append(endpoint.host ?? endpoint.absoluteString)
            reasons.append("the Azure OpenAI endpoint, key and deployment are set")
        }
        guard !destinations.isEmpty else {
            let why =
                [.auto, .openai, .azure].contains(choice)
                ? "no cloud provider has credentials" : "\(SettingKey.provider.environmentName) is \(choice.rawValue)"
            self.init(
                leavesMachine: false, destinations: [],
                sentence: "nothing leaves this machine: \(allowVariable)=1 allows the cloud, but \(why)")
            return
        }
        let local = choice == .auto ? " (when no local provider answers first)" : ""
        self.init(
            leavesMachine: true, destinations: destinations,
            sentence: "prompts may be sent to \(destinations.joined(separator: " and "))\(local) because "
                + "\(allowVariable)=1 and \(reasons.joined(separator: " and "))")
    }

    init(leavesMachine: Bool, destinations: [String], sentence: String) {
        self.leavesMachine = leavesMachine
        self.destinations = destinations
        self.sentence = sentence
    }
}
