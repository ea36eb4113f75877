import Foundation
import RakorBot
import RakorCore
import Testing
import Yams

/// Every file in deploy/ parses, refers to things that exist, and agrees with
/// the code (config keys, ports, probe paths, resource bundle, key ids).
@Suite("Deploy files")
struct DeployFilesTests {
    // MARK: Example configuration

    /// The example configuration with its absolute paths moved into a
    /// temporary folder (keys created there) and the repository's directory.
    private func exampleConfiguration(_ text: String) throws -> ServeConfiguration {
        let folder = try OpsTestSupport.temporaryFolder()
        let secrets = folder.appendingPathComponent("secrets")
        try FileManager.default.createDirectory(at: secrets, withIntermediateDirectories: true)
        var adapted = text
            .replacingOccurrences(of: "/run/secrets/rakorbot/", with: secrets.path + "/")
            .replacingOccurrences(of: "/etc/rakorbot/directory.yaml", with: OpsTestSupport.file("deploy/directory.example.yaml").path)
            .replacingOccurrences(of: "/var/lib/rakorbot", with: folder.appendingPathComponent("data").path)
        adapted += "\n"
        for line in adapted.split(separator: "\n") where line.contains(secrets.path + "/") {
            guard let path = line.split(separator: " ").last.map(String.init), !line.trimmingCharacters(in: .whitespaces).hasPrefix("#") else { continue }
            try "k-\(UUID().uuidString)".write(toFile: path, atomically: true, encoding: .utf8)
        }
        let path = try OpsTestSupport.write(adapted, to: "rakorbot.yaml", in: folder)
        return try ConfigurationLoader(configPath: path, environment: [:], deepCheck: true).load()
    }

    @Test("deploy/rakorbot.example.yaml passes the configuration loader, deep check included")
    func exampleConfigurationLoads() throws {
        let serve = try exampleConfiguration(try OpsTestSupport.read("deploy/rakorbot.example.yaml"))
        #expect(serve.bot.brokers == "kafka:9092")
        #expect(serve.bot.instance == "rakorbot-kalsel")
        #expect(serve.http == HTTPSettings(host: "0.0.0.0", port: 9464))
        #expect(serve.log.format == .json)
        #expect(serve.bot.bridgeKeys.keys.sorted() == ["bridge-2024"])
        #expect(serve.bot.kafkaProperties == ["socket.keepalive.enable": "true"])
        // Every integrator key id of the example directory has a key file, and no other.
        let directory = try Directory.parse(yaml: try OpsTestSupport.read("deploy/directory.example.yaml"))
        let keyIDs = Set(directory.integrators.flatMap(\.keyIDs))
        #expect(Set(serve.bot.integratorKeys.keys) == keyIDs)
        #expect(!serve.warnings.contains { $0.hasPrefix("NO BRIDGE KEY") })
    }

    // MARK: Dockerfile

    struct Instruction {
        var keyword: String
        var arguments: String
    }

    /// Dockerfile instructions, continuation lines joined, comments dropped.
    private func dockerInstructions() throws -> [Instruction] {
        var instructions: [Instruction] = []
        var pending = ""
        for raw in try OpsTestSupport.read("deploy/Dockerfile").split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") || (line.isEmpty && pending.isEmpty) { continue }
            if line.hasSuffix("\\") {
                pending += line.dropLast() + " "
                continue
            }
            let full = pending + line
            pending = ""
            guard let space = full.firstIndex(of: " ") else { continue }
            instructions.append(Instruction(keyword: String(full[..<space]).uppercased(),
                                            arguments: String(full[full.index(after: space)...])))
        }
        return instructions
    }

    @Test("the Dockerfile is multi-stage, copies files that exist, and ships the binary with its resource bundle")
    func dockerfile() throws {
        let instructions = try dockerInstructions()
        let known: Set<String> = ["ARG", "FROM", "RUN", "WORKDIR", "COPY", "ENV", "USER", "VOLUME", "EXPOSE", "STOPSIGNAL",
                                  "ENTRYPOINT", "CMD"]
        #expect(instructions.allSatisfy { known.contains($0.keyword) }, "\(instructions.map(\.keyword))")
        let froms = instructions.filter { $0.keyword == "FROM" }.map(\.arguments)
        #expect(froms.count == 2)
        #expect(froms.first?.hasPrefix("swift:") == true)
        #expect(froms.first?.hasSuffix("AS build") == true)
        #expect(froms.last?.contains("slim") == true)
        let runs = instructions.filter { $0.keyword == "RUN" }.map(\.arguments)
        #expect(runs.first?.contains("librdkafka-dev") == true)
        #expect(runs.contains { $0.contains("librdkafka1") && $0.contains("libsqlite3-0") })

        // Sources copied from the build context (the repository root) exist.
        for copy in instructions.filter({ $0.keyword == "COPY" && !$0.arguments.hasPrefix("--from") }) {
            let source = try #require(copy.arguments.split(separator: " ").first.map(String.init))
            #expect(FileManager.default.fileExists(atPath: OpsTestSupport.file(source).path), "COPY \(source): not in the repository")
        }
        // Every target folder Package.swift declares is copied.
        let copied = Set(instructions.filter { $0.keyword == "COPY" }.compactMap { $0.arguments.split(separator: " ").first.map(String.init) })
        #expect(copied.isSuperset(of: ["Package.swift", "Sources", "commands", "Benchmarks", "Tests"]))

        // The resource bundle is named as SwiftPM names it, and copied next to the binary.
        let bundle = try #require(ShippedData.calendarsFolder?.deletingLastPathComponent().lastPathComponent)
        #expect(bundle == "rakorbot_RakorBot.resources")
        let fromBuild = instructions.filter { $0.keyword == "COPY" && $0.arguments.hasPrefix("--from=build") }.map(\.arguments)
        #expect(fromBuild.contains { $0.contains("/out/rakorbot /usr/local/bin/rakorbot") })
        #expect(fromBuild.contains { $0.contains("/out/\(bundle) /usr/local/bin/\(bundle)") })
        #expect(runs.contains { $0.contains("/\(bundle)\" /out/") })

        #expect(instructions.contains { $0.keyword == "EXPOSE" && $0.arguments == String(HTTPSettings.defaultPort) })
        #expect(instructions.contains { $0.keyword == "ENTRYPOINT" && $0.arguments.contains("/usr/local/bin/rakorbot") })
        #expect(instructions.contains { $0.keyword == "USER" && $0.arguments == "rakorbot" })
        #expect(instructions.contains { $0.keyword == "ENV" && $0.arguments == "RAKOR_CONFIG=/etc/rakorbot/rakorbot.yaml" })
        let ignore = try OpsTestSupport.read("deploy/Dockerfile.dockerignore")
        #expect(ignore.contains(".build") && ignore.contains("deploy/secrets"))
    }

    // MARK: docker compose

    @Test("docker-compose.yml runs a single-node KRaft Apache Kafka and rakorbot built from deploy/Dockerfile")
    func compose() throws {
        let compose = try #require(try Yams.load(yaml: try OpsTestSupport.read("deploy/docker-compose.yml")) as? [String: Any])
        let services = try #require(compose["services"] as? [String: Any])
        #expect(Set(services.keys) == ["kafka", "topics", "rakorbot"])

        let kafka = try #require(services["kafka"] as? [String: Any])
        #expect((kafka["image"] as? String)?.hasPrefix("apache/kafka:") == true)
        let environment = try #require(kafka["environment"] as? [String: Any])
        #expect(environment["KAFKA_PROCESS_ROLES"] as? String == "broker,controller")
        #expect(environment["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] as? String == "false")
        #expect(environment["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] as? Int == 1)
        let advertised = try #require(environment["KAFKA_ADVERTISED_LISTENERS"] as? String)
        #expect(advertised.contains("PLAINTEXT://kafka:9092"))
        let clusterID = try #require(environment["CLUSTER_ID"] as? String)
        #expect(clusterID.count == 22, "a KRaft cluster id is a 22-character base64 UUID")
        #expect(kafka["healthcheck"] != nil)

        for name in ["topics", "rakorbot"] {
            let service = try #require(services[name] as? [String: Any])
            let build = try #require(service["build"] as? [String: Any])
            #expect(build["context"] as? String == "..")
            #expect(build["dockerfile"] as? String == "deploy/Dockerfile")
            let env = try #require(service["environment"] as? [String: Any])
            #expect(env["RAKOR_KAFKA_BROKERS"] as? String == "kafka:9092")
            let volumes = try #require(service["volumes"] as? [String])
            #expect(volumes.contains("./secrets:/run/secrets/rakorbot:ro"))
        }
        #expect(FileManager.default.fileExists(atPath: OpsTestSupport.file("deploy/secrets/.gitignore").path))
        let bot = try #require(services["rakorbot"] as? [String: Any])
        #expect((bot["ports"] as? [String])?.contains("127.0.0.1:9464:9464") == true)
        #expect((bot["command"] as? [String]) == ["serve"])
        let topics = try #require(services["topics"] as? [String: Any])
        #expect((topics["command"] as? [String])?.prefix(2) == ["topics", "create"])
        // Environment names used in deploy files are ones the loader reads.
        for key in (bot["environment"] as? [String: Any] ?? [:]).keys {
            #expect(Self.knownEnvironment(key), "\(key) is not a rakorbot variable")
        }
    }

    @Test("make-secrets.sh is valid shell and creates the keys the example configuration names")
    func makeSecrets() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-n", OpsTestSupport.file("deploy/make-secrets.sh").path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let script = try OpsTestSupport.read("deploy/make-secrets.sh")
        let config = try OpsTestSupport.read("deploy/rakorbot.example.yaml")
        for line in config.split(separator: "\n") where line.contains("/run/secrets/rakorbot/") && !line.contains("#") {
            let name = try #require(line.split(separator: "/").last.map(String.init))
            #expect(script.contains(name), "make-secrets.sh does not create \(name)")
        }
    }

    // MARK: Kubernetes

    @Test("the Kubernetes manifests parse and hang together: probes, ConfigMap, Secret, PVC, Service, PDB")
    func kubernetes() throws {
        let text = try OpsTestSupport.read("deploy/kubernetes/rakorbot.yaml")
        let documents = try Yams.load_all(yaml: text).compactMap { $0 as? [String: Any] }
        let byKind = Dictionary(documents.map { ($0["kind"] as? String ?? "?", $0) }, uniquingKeysWith: { first, _ in first })
        #expect(Set(byKind.keys) == ["ConfigMap", "Secret", "PersistentVolumeClaim", "Deployment", "Service", "PodDisruptionBudget"])
        #expect(documents.count == 6)

        let deployment = try #require(byKind["Deployment"])
        let spec = try #require(deployment["spec"] as? [String: Any])
        #expect(spec["replicas"] as? Int == 1)
        #expect((spec["strategy"] as? [String: Any])?["type"] as? String == "Recreate")
        let podSpec = try #require((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
        let container = try #require((podSpec["containers"] as? [[String: Any]])?.first)
        let ports = try #require(container["ports"] as? [[String: Any]])
        #expect(ports.first?["name"] as? String == "metrics")
        #expect(ports.first?["containerPort"] as? Int == HTTPSettings.defaultPort)
        let liveness = try #require((container["livenessProbe"] as? [String: Any])?["httpGet"] as? [String: Any])
        let readiness = try #require((container["readinessProbe"] as? [String: Any])?["httpGet"] as? [String: Any])
        #expect(liveness["path"] as? String == "/healthz")
        #expect(readiness["path"] as? String == "/readyz")
        #expect(liveness["port"] as? String == "metrics")

        // Mounts: config at /etc/rakorbot, keys at /run/secrets/rakorbot, data on the claim.
        let mounts = Dictionary(((container["volumeMounts"] as? [[String: Any]]) ?? []).map {
            ($0["name"] as? String ?? "", $0["mountPath"] as? String ?? "")
        }, uniquingKeysWith: { first, _ in first })
        #expect(mounts["config"] == "/etc/rakorbot")
        #expect(mounts["keys"] == "/run/secrets/rakorbot")
        #expect(mounts["data"] == "/var/lib/rakorbot")
        let volumes = (podSpec["volumes"] as? [[String: Any]]) ?? []
        #expect(volumes.contains { ($0["secret"] as? [String: Any])?["secretName"] as? String == "rakorbot-keys" })
        #expect(volumes.contains { ($0["persistentVolumeClaim"] as? [String: Any])?["claimName"] as? String == "rakorbot-data" })
        #expect(((byKind["PersistentVolumeClaim"]?["metadata"]) as? [String: Any])?["name"] as? String == "rakorbot-data")

        // The ConfigMap's configuration loads; its directory is deploy/directory.example.yaml unchanged.
        let data = try #require(byKind["ConfigMap"]?["data"] as? [String: String])
        #expect(data["directory.yaml"] == (try OpsTestSupport.read("deploy/directory.example.yaml")))
        let configText = try #require(data["rakorbot.yaml"])
        let serve = try exampleConfiguration(configText)
        #expect(serve.topics.replicationFactor == 3)
        #expect(serve.http.host == "0.0.0.0")
        // Every key file the configuration names is a key of the Secret.
        let secretKeys = Set(((byKind["Secret"]?["stringData"]) as? [String: Any] ?? [:]).keys)
        let named = configText.split(separator: "\n").filter { $0.contains("/run/secrets/rakorbot/") && !$0.contains("#") }
            .compactMap { $0.split(separator: "/").last.map(String.init) }
        #expect(!named.isEmpty)
        #expect(Set(named) == secretKeys)

        let service = try #require(byKind["Service"]?["spec"] as? [String: Any])
        #expect((service["ports"] as? [[String: Any]])?.first?["targetPort"] as? String == "metrics")
        let pdb = try #require(byKind["PodDisruptionBudget"]?["spec"] as? [String: Any])
        #expect(pdb["minAvailable"] as? Int == 1)
        let selector = ((pdb["selector"] as? [String: Any])?["matchLabels"] as? [String: String])
        #expect(selector == ["app.kubernetes.io/name": "rakorbot"])
    }

    // MARK: systemd

    /// A small INI parse: sections of key=value lines; keys may repeat.
    private func parseUnit(_ text: String) throws -> [String: [(String, String)]] {
        var sections: [String: [(String, String)]] = [:]
        var current: String?
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                #expect(line.hasSuffix("]"), "bad section line \(line)")
                current = String(line.dropFirst().dropLast())
                sections[current ?? "", default: []] = []
                continue
            }
            let section = try #require(current, "a setting outside any section: \(line)")
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            #expect(parts.count == 2, "not key=value: \(line)")
            sections[section, default: []].append((String(parts[0]), parts.count == 2 ? String(parts[1]) : ""))
        }
        return sections
    }

    @Test("the systemd unit parses, starts serve with an EnvironmentFile and carries the hardening options")
    func systemdUnit() throws {
        let unit = try parseUnit(try OpsTestSupport.read("deploy/rakorbot.service"))
        #expect(Set(unit.keys) == ["Unit", "Service", "Install"])
        let service = try #require(unit["Service"])
        func value(_ key: String) -> String? { service.last { $0.0 == key }?.1 }
        #expect(value("ExecStart") == "/usr/local/bin/rakorbot serve")
        #expect(value("ExecStartPre") == "/usr/local/bin/rakorbot config check")
        #expect(value("EnvironmentFile") == "/etc/rakorbot/rakorbot.env")
        #expect(value("Environment") == "RAKOR_CONFIG=/etc/rakorbot/rakorbot.yaml")
        #expect(value("User") == "rakorbot")
        #expect(value("KillSignal") == "SIGTERM")
        #expect(value("StateDirectory") == "rakorbot")
        #expect(value("BindReadOnlyPaths") == "/etc/rakorbot/secrets:/run/secrets/rakorbot")
        for (key, expected) in [("NoNewPrivileges", "yes"), ("ProtectSystem", "strict"), ("ProtectHome", "yes"),
                                ("PrivateTmp", "yes"), ("PrivateDevices", "yes"), ("CapabilityBoundingSet", ""),
                                ("RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX"), ("MemoryDenyWriteExecute", "yes"),
                                ("SystemCallArchitectures", "native")] {
            #expect(value(key) == expected, "\(key)")
        }
        #expect(unit["Install"]?.contains { $0 == ("WantedBy", "multi-user.target") } == true)
        // The data folder systemd creates is the one the example configuration uses.
        #expect(try OpsTestSupport.read("deploy/rakorbot.example.yaml").contains("data: /var/lib/\(value("StateDirectory") ?? "?")"))
    }

    @Test("the environment file example sets only variables rakorbot reads")
    func environmentFile() throws {
        let text = try OpsTestSupport.read("deploy/rakorbot.env.example")
        var names: [String] = []
        for raw in text.split(separator: "\n") {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("# ") || line == "#" { continue }
            if line.hasPrefix("#") { line.removeFirst() }  // commented-out settings must be valid too
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            #expect(parts.count == 2, "not NAME=value: \(line)")
            names.append(String(parts[0]))
        }
        #expect(names.count >= 4)
        for name in names { #expect(Self.knownEnvironment(name), "\(name) is not a rakorbot variable") }
        // And the whole file loads.
        var environment: [String: String] = [:]
        for raw in text.split(separator: "\n") where !raw.hasPrefix("#") {
            let parts = raw.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { environment[String(parts[0])] = String(parts[1]) }
        }
        let serve = try ConfigurationLoader(environment: environment).load()
        #expect(serve.http.host == "127.0.0.1")
        #expect(serve.topics.replicationFactor == 3)
        #expect(serve.bot.brokers?.split(separator: ",").count == 3)
    }

    static func knownEnvironment(_ name: String) -> Bool {
        let scalars = Set(ConfigSettings.all.compactMap(\.environment))
        let maps = [ConfigSettings.configFileEnvironment, ConfigSettings.bridgeKeyFilesEnvironment,
                    ConfigSettings.bridgeKeysEnvironment, ConfigSettings.integratorKeyFilesEnvironment,
                    ConfigSettings.integratorKeysEnvironment]
        return scalars.contains(name) || maps.contains(name) || name.hasPrefix(ConfigSettings.kafkaPropertyEnvironmentPrefix)
    }
}
