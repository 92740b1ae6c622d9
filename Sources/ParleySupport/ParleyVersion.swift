/// Parley's version: what `--version` prints and what a store records as the program that created it.
package enum ParleyVersion {
    package static let current = "0.1.0"
}
