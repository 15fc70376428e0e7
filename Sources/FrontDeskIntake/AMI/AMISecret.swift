import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Loads the manager secret from a file or the environment, never from the command line
/// (where `ps` shows it to every user of the machine).
public enum AMISecret {
    /// The file wins over `$FRONTDESK_AMI_SECRET`. A file others can read is refused:
    /// the manager user can watch every call of the clinic.
    public static func load(file: String?, environment: [String: String]) throws -> String {
        if let file {
            var info = stat()
            guard stat(file, &info) == 0 else {
                throw AMIError.configuration("cannot read the secret file \(file): \(String(cString: strerror(errno)))")
            }
            if info.st_mode & 0o007 != 0 {
                throw AMIError.configuration("the secret file \(file) is readable by other users; run: chmod 600 \(file)")
            }
            guard let data = FileManager.default.contents(atPath: file),
                  let text = String(data: data, encoding: .utf8) else {
                throw AMIError.configuration("cannot read the secret file \(file)")
            }
            let secret = text.trimmingCharacters(in: .newlines)
            guard !secret.isEmpty else { throw AMIError.configuration("the secret file \(file) is empty") }
            return secret
        }
        if let secret = environment["FRONTDESK_AMI_SECRET"], !secret.isEmpty { return secret }
        throw AMIError.configuration("no AMI secret: give --secret-file FILE or set FRONTDESK_AMI_SECRET")
    }
}
