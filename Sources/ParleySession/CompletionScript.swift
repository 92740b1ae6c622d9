import ParleySupport

/// `parley --generate-completion-script SHELL`: a script that makes bash, zsh or fish complete
/// `parley`'s own flags, their values (formats, files) and a STORE file, from `CommandLineFlag.all`.
public enum CompletionScript {
    public enum Shell: String, Sendable, CaseIterable {
        case bash, zsh, fish
    }

    public static func text(for shell: Shell) -> String {
        switch shell {
        case .bash: bash()
        case .zsh: zsh()
        case .fish: fish()
        }
    }

    /// For `~/.bashrc`: `source <(parley --generate-completion-script bash)`.
    private static func bash() -> String {
        let flags = CommandLineFlag.all
        let words = flags.flatMap { [$0.short, $0.long].compactMap { $0 } }.joined(separator: " ")
        var cases = ""
        for flag in flags {
            guard let value = flag.value else { continue }
            let names = [flag.short, flag.long].compactMap { $0 }.joined(separator: "|")
            switch value {
            case .text: cases += "        \(names)) return ;;\n"
            case .file: cases += "        \(names)) COMPREPLY=($(compgen -f -- \"$cur\")); compopt -o filenames 2>/dev/null; return ;;\n"
            case let .choices(choices): cases += "        \(names)) COMPREPLY=($(compgen -W \"\(choices.joined(separator: " "))\" -- \"$cur\")); return ;;\n"
            }
        }
        return """
        # bash completion for parley
        _parley() {
            local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
            case "$prev" in
        \(cases)    esac
            if [[ "$cur" == -* ]]; then
                COMPREPLY=($(compgen -W "\(words)" -- "$cur"))
            else
                COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null
            fi
        }
        complete -F _parley parley

        """
    }

    /// For a folder on `$fpath`, as `_parley`.
    private static func zsh() -> String {
        var lines: [String] = []
        for flag in CommandLineFlag.all {
            let summary = flag.summary.withCurlyApostrophes
            let action: String
            switch flag.value {
            case nil: action = ""
            case .text?: action = ":value: "
            case .file?: action = ":file:_files"
            case let .choices(choices)?: action = ":value:(\(choices.joined(separator: " ")))"
            }
            let repeatable = flag.value != nil && (flag.long == "--execute" || flag.long == "--file" || flag.long == "--param" || flag.long == "--acled")
            let star = repeatable ? "*" : ""
            if let short = flag.short {
                lines.append("    '\(star)\(short)[\(summary)]\(action)'")
                lines.append("    '\(star)\(flag.long)[\(summary)]\(action)'")
            } else {
                lines.append("    '\(star)\(flag.long)[\(summary)]\(action)'")
            }
        }
        lines.append("    '::store:_files'")
        return "#compdef parley\n_arguments -s \\\n" + lines.joined(separator: " \\\n") + "\n"
    }

    /// For `~/.config/fish/completions/parley.fish`.
    private static func fish() -> String {
        var out = "# fish completion for parley\n"
        for flag in CommandLineFlag.all {
            var line = "complete -c parley"
            if let short = flag.short { line += " -s \(short.dropFirst())" }
            line += " -l \(flag.long.dropFirst(2))"
            switch flag.value {
            case nil: break
            case .text?: line += " -r -f"
            case .file?: line += " -r -F"
            case let .choices(choices)?: line += " -r -f -a '\(choices.joined(separator: " "))'"
            }
            line += " -d '\(flag.summary.withCurlyApostrophes)'"
            out += line + "\n"
        }
        return out
    }
}

private extension String {
    /// Single quotes end the quoted descriptions in zsh and fish.
    var withCurlyApostrophes: String { String(map { $0 == "'" ? "’" : $0 }) }
}
