/// How many terminal columns text occupies, so tables line up whatever the script.
///
/// Wide East Asian characters and emoji take two columns; combining marks, zero-width characters
/// and controls take none; everything else takes one. Measured per grapheme cluster, so an emoji
/// ZWJ sequence or a flag counts once, as two columns.
public enum DisplayWidth {
    /// The number of terminal columns `s` occupies.
    public static func of(_ s: String) -> Int {
        // Most cells are ASCII; count bytes and only fall back to grapheme clusters when we must.
        var count = 0
        for byte in s.utf8 {
            if byte >= 0x80 { return clusterWidth(s) }
            if byte >= 0x20 && byte != 0x7F { count += 1 }
        }
        return count
    }

    private static func clusterWidth(_ s: String) -> Int {
        var total = 0
        for character in s {
            total += width(of: character)
        }
        return total
    }

    private static func width(of character: Character) -> Int {
        if let ascii = character.asciiValue {
            return ascii >= 0x20 && ascii != 0x7F ? 1 : 0
        }
        let scalars = character.unicodeScalars
        var emoji = false
        var textPresentation = false
        var sum = 0
        for scalar in scalars {
            if scalar.properties.isEmojiPresentation {
                emoji = true
            } else if scalar.value == 0xFE0F, let first = scalars.first, first.properties.isEmoji {
                // VS16 asks for the emoji form of a character that defaults to text (❤ → ❤️).
                emoji = true
            } else if scalar.value == 0xFE0E {
                textPresentation = true
            }
            sum += width(of: scalar)
        }
        // A whole emoji sequence (family, flag, skin tone) is drawn as one two-column glyph.
        if emoji && !textPresentation { return 2 }
        return sum
    }

    private static func width(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .control, .format:
            // Soft hyphen is a format character that terminals still draw.
            return value == 0x00AD ? 1 : 0
        case .unassigned:
            // Unassigned code points in the emoji planes are most likely emoji newer than our tables.
            if (0x1F000...0x1FAFF).contains(value) { return 2 }
            return isWide(value) ? 2 : 1
        default:
            break
        }
        // Hangul medial vowels and final consonants join the preceding initial into one syllable.
        if (0x1160...0x11FF).contains(value) || (0xD7B0...0xD7FF).contains(value) { return 0 }
        return isWide(value) ? 2 : 1
    }

    /// East Asian Wide and Fullwidth ranges (UAX #11), blocks merged; emoji are handled by their
    /// presentation property instead, so that a text-presentation selector can narrow them.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,   // Hangul Jamo initial consonants
        0x2329...0x232A,   // angle brackets
        0x2E80...0x303E,   // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
        0x3041...0x4DBF,   // kana, bopomofo, Hangul compatibility jamo, kanbun, CJK strokes, enclosed CJK, Ext. A
        0x4E00...0xA4CF,   // CJK unified ideographs, Yi
        0xA960...0xA97F,   // Hangul Jamo extended A
        0xAC00...0xD7A3,   // Hangul syllables
        0xF900...0xFAFF,   // CJK compatibility ideographs
        0xFE10...0xFE19,   // vertical forms
        0xFE30...0xFE6F,   // CJK compatibility forms, small form variants
        0xFF00...0xFF60,   // fullwidth forms
        0xFFE0...0xFFE6,   // fullwidth signs
        0x16FE0...0x16FFF, // ideographic symbols
        0x17000...0x18D8F, // Tangut, Khitan
        0x1AFF0...0x1B2FF, // kana supplement and extensions, Nüshu
        0x1F200...0x1F2FF, // enclosed ideographic supplement
        0x20000...0x2FFFD, // plane 2
        0x30000...0x3FFFD, // plane 3
    ]

    private static func isWide(_ value: UInt32) -> Bool {
        // Below the first range nothing is wide: keeps Latin, Cyrillic, Arabic and Hebrew off the search.
        guard value >= 0x1100 else { return false }
        var low = 0
        var high = wideRanges.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let range = wideRanges[mid]
            if value < range.lowerBound {
                high = mid - 1
            } else if value > range.upperBound {
                low = mid + 1
            } else {
                return true
            }
        }
        return false
    }

    /// `s` padded with spaces to `width` columns, on the right (`rightAligned == false`) or the left.
    static func pad(_ s: String, to width: Int, rightAligned: Bool = false) -> String {
        let missing = width - of(s)
        guard missing > 0 else { return s }
        let spaces = String(repeating: " ", count: missing)
        return rightAligned ? spaces + s : s + spaces
    }

    /// `s` cut to at most `width` columns, its end replaced by `…` when it did not fit (DuckDB's boxes do
    /// the same); whole grapheme clusters only, so a cut never splits a character.
    static func truncate(_ s: String, to width: Int) -> String {
        guard of(s) > width else { return s }
        guard width > 0 else { return "" }
        var kept = ""
        var used = 0
        for character in s {
            let next = self.width(of: character)
            if used + next > width - 1 { break }
            kept.append(character)
            used += next
        }
        return kept + "…"
    }
}
