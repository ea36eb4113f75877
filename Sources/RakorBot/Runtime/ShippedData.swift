import Foundation
import RakorCore

/// The data files that ship with rakorbot (SwiftPM resources of this
/// module): the election calendars and the demo directory.
public enum ShippedData {
    public enum Failure: Error, CustomStringConvertible {
        case missingResources(String)
        case unreadable(path: String, reason: String)
        case invalidCalendar(file: String, CalendarError)
        case invalidDirectory(path: String, DirectoryError)

        public var description: String {
            switch self {
            case .missingResources(let what): "rakorbot's resource files are missing (\(what))"
            case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
            case .invalidCalendar(let file, let error): "calendar \(file) is invalid:\n\(error)"
            case .invalidDirectory(let path, let error): "directory \(path) is invalid:\n\(error)"
            }
        }
    }

    /// The folder of shipped calendar files.
    public static var calendarsFolder: URL? {
        Bundle.module.resourceURL?.appendingPathComponent("calendars")
    }

    /// The demo directory file.
    public static var demoDirectory: URL? {
        Bundle.module.resourceURL?.appendingPathComponent("directory/demo.yaml")
    }

    /// Every `*.yaml` calendar in `folder` (default: the shipped ones), validated.
    public static func calendars(in folder: URL? = nil) throws -> CalendarCatalog {
        guard let folder = folder ?? calendarsFolder else { throw Failure.missingResources("calendars") }
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") }.sorted()
        } catch {
            throw Failure.unreadable(path: folder.path, reason: "\(error)")
        }
        var calendars: [ElectionCalendar] = []
        for file in files {
            let text = try read(folder.appendingPathComponent(file))
            do {
                calendars.append(try CalendarDocument.parse(text: text))
            } catch {
                throw Failure.invalidCalendar(file: file, error)
            }
        }
        return CalendarCatalog(calendars)
    }

    /// The directory at `path`, or the shipped demo directory when nil.
    public static func directory(at path: String?) throws -> Directory {
        guard let url = path.map(URL.init(fileURLWithPath:)) ?? demoDirectory else {
            throw Failure.missingResources("directory/demo.yaml")
        }
        do {
            return try Directory.parse(yaml: try read(url))
        } catch let error as DirectoryError {
            throw Failure.invalidDirectory(path: url.path, error)
        }
    }

    static func read(_ url: URL) throws -> String {
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw Failure.unreadable(path: url.path, reason: "\(error)")
        }
    }
}
