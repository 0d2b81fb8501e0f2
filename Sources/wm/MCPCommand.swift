import ArgumentParser
import Foundation
import Logging
import Server
import WorkingMemory

/// `wm mcp`: one session's memory as an MCP server over standard input and output.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve a session's memory to an MCP client over stdio: nine tools, the facts and the goals.",
        discussion: """
        Standard output carries the protocol (JSON-RPC, one message per line); logs go to standard error.
        The session is created when missing. The server stops when the client closes standard input,
        after answering every request it read.
        Tools: remember, recall, get_context, forget, set_fact, get_facts, explain, push_goal, update_step.
        Resources: memory://facts, memory://goals.
        In an MCP client's configuration:
          {"mcpServers": {"memory": {"command": "wm", "args": ["mcp", "--db", "wm.sqlite", "--session", "work"]}}}
        Examples:
          wm mcp --db wm.sqlite
          wm mcp --db wm.sqlite --user ana --agent assistant --session trip --log-level debug
        """
    )

    @OptionGroup var options: MemoryOptions
    @Option(help: "Log level on standard error: trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    func validate() throws {
        if Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError("unknown log level '\(logLevel)'; use one of: \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        var logger = Logger(label: "wm.mcp", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let session = try options.openOrCreate()
        do { try await MemoryMCPServer().serveStandardIO(session, logger: logger) } catch { throw CLIError(error) }
    }
}
