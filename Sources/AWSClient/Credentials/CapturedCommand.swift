import Foundation

/// Runs a program with our stdin and stderr (so it can prompt, or ask for a security-key touch) and
/// captures what it prints on stdout: `credential_process`, `mfa_process`, `--code-command`.
public enum CapturedCommand {
    public enum Failure: Error, Sendable {
        /// The program could not be started; the system's reason.
        case couldNotStart(String)
        /// It ran and exited with this non-zero status.
        case exitStatus(Int32)
    }

    public static func run(executable: String, arguments: [String], environment: [String: String])
        -> Result<Data, Failure>
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        process.standardInput = FileHandle.standardInput
        do {
            try process.run()
        } catch {
            return .failure(.couldNotStart(error.localizedDescription))
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return .failure(.exitStatus(process.terminationStatus)) }
        return .success(data)
    }
}
