import PlainImport
import Testing

@testable import plain_import

/// The engine names what an operator can change; the executable says it with its own flags.
@Suite struct AdviceTests {
    @Test func everyRemedyIsSaidWithAFlagOrAVariable() {
        for remedy in Remedy.allCases {
            let said = Advice.suffix(remedy)
            #expect(said.contains("--") || said.contains("PLAIN_"), "\(remedy): \(said)")
        }
        #expect(Advice.suffix(InputError.Need.format).contains("--format"))
        #expect(Advice.suffix(InputError.Need.mappingFile).contains("--mapping"))
    }

    @Test func errorsReadAsTheFactThenWhatToDo() {
        let error = ImportError.configuration(ConfigurationError("no API key", remedy: .giveAPIKey))
        #expect(Advice.describe(error) == "no API key: set PLAIN_API_KEY or pass --api-key-file FILE")
        let input = ImportError.input(InputError(path: "-", reason: "stdin has no name to tell its format by", need: .format))
        #expect(Advice.describe(input) == "input -: stdin has no name to tell its format by; use --format csv, tsv, ndjson or json")
        #expect(Advice.describe(InputError(path: "x", reason: "cannot read")) == "x: cannot read")
    }

    @Test func aRunWhoseFirstAnswersAllFailSaysWhy() {
        #expect(CertainFailure.advice(for: "not_found").contains("upsertCustomer:"))
        #expect(CertainFailure.advice(for: "input_validation").contains("--retry-failed"))
    }
}
