import Foundation

/// A line typed in `wm chat`: a message for the model, or one of the in-chat commands.
enum ChatCommandLine: Equatable {
    case message(String)
    case inspect
    case why(Int64)
    case goals
    case facts
    case pin(Int64)
    case forget(Int64)
    case clear
    case budget(Int)
    case help
    case quit
    case empty
    /// A command that could not be read, with what to do.
    case invalid(String)

    static let helpText = """
    /inspect     the context sent with the last message, by section, with item numbers
    /why N       why item N is or is not in the prompt (its strength and the gates' decisions)
    /goals       open goals and their plans
    /facts       the facts the memory holds
    /pin N       keep item N from fading
    /forget N    delete item N
    /clear       end the current task: empty the recent turns and goals (memories and facts stay)
    /budget N    send at most N tokens of context per message
    /quit        leave (the session is saved after every message; the same --session resumes it)
    """

    init(_ raw: String) {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("/") else { self = text.isEmpty ? .empty : .message(text); return }
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        let name = parts[0].lowercased(), argument = parts.count > 1 ? String(parts[1]) : nil
        func number(_ make: (Int64) -> ChatCommandLine) -> ChatCommandLine {
            guard let argument, let n = Int64(argument.trimmingCharacters(in: CharacterSet(charactersIn: "#"))), n > 0 else {
                return .invalid("\(name) needs an item number, e.g. \(name) 3 (see /inspect)")
            }
            return make(n)
        }
        switch name {
        case "/inspect": self = .inspect
        case "/why": self = number { .why($0) }
        case "/goals": self = .goals
        case "/facts": self = .facts
        case "/pin": self = number { .pin($0) }
        case "/forget": self = number { .forget($0) }
        case "/clear": self = .clear
        case "/budget":
            if let argument, let n = Int(argument), n > 0 { self = .budget(n) } else { self = .invalid("/budget needs a number of tokens > 0, e.g. /budget 1024") }
        case "/help", "/?": self = .help
        case "/quit", "/exit", "/q": self = .quit
        default: self = .invalid("unknown command \(name); /help lists them")
        }
    }
}
