import ParleyEval
import ParleyGraph
import ParleySession
import ParleySupport
import ParleySyntax

/// The one line the shell starts with: the version, the graph it opened, and where help is.
///
/// ```
/// parley 0.1.0 · the built-in sample graph, in memory · .help for help
/// parley 0.1.0 · store brief.parley · .help for help
/// ```
public enum ShellBanner {
    public static func line(version: String, storePath: String?, readOnly: Bool, loadedSample: Bool, acledFiles: [String]) -> String {
        var parts: [String] = []
        if loadedSample { parts.append("the built-in sample graph") }
        if !acledFiles.isEmpty { parts.append(acledFiles.joined(separator: ", ") + " imported") }
        let graph: String
        if let storePath {
            graph = (["store \(storePath)" + (readOnly ? " (read only)" : "")] + parts).joined(separator: ", ")
        } else {
            graph = (parts.isEmpty ? "an empty graph" : parts.joined(separator: " and ")) + ", in memory"
        }
        return "parley \(version) · \(graph) · .help for help\n"
    }

    /// What the shell says, once, before leaving a session whose additions no store keeps.
    public static func unsavedWarning(statements: Int, leavingWith key: String) -> String {
        let counted = statements == 1 ? "1 statement" : "\(statements) statements"
        return "\(counted) added facts that no store keeps: `.save FILE` to keep them; \(key) again to leave\n"
    }
}
