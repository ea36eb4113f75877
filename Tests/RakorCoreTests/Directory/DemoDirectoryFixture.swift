import Foundation
@testable import RakorCore

/// The shipped demo directory, read from the source tree (RakorCore does no
/// I/O; the test does). Symlinks are resolved so the path also works from a
/// dev package that links the test folders.
enum DemoDirectoryFixture {
    static let url: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent()   // Directory
        .deletingLastPathComponent()   // RakorCoreTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()   // package root
        .appendingPathComponent("Sources/RakorBot/Resources/directory/demo.yaml")

    static let text: Result<String, any Error> = Result { try String(contentsOf: url, encoding: .utf8) }

    static let parsed: Result<Directory, any Error> = Result {
        try Directory.parse(yaml: text.get())
    }

    static func directory() throws -> Directory {
        try parsed.get()
    }
}
