import Logging

extension ImportConfiguration {
    /// The inputs named by the command line, expanded (directories into their input files):
    /// files a directory holds that are not inputs are noticed once, arguments that name no
    /// input are an input error.
    func inputFiles(logger: Logger) throws(ImportError) -> [InputFile] {
        do {
            return try InputFile.expand(inputs, format: format, encoding: encoding) { directory, names in
                logger.notice("\(directory): not read (not inputs by their names): \(names.joined(separator: ", "))")
            }
        } catch {
            throw .input(error)
        }
    }
}
