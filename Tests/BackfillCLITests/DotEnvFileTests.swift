import Testing

@testable import BackfillCLI
@testable import CommandCore

@Suite struct DotEnvFileTests {
    @Test func parsesTheCommonForms() throws {
        let file = try DotEnvFile(
            parsing: """
                # a comment
                REDIS_URL=redis://127.0.0.1:6379/0

                export IBKR_PORT = 4002
                DATABASE_URL='postgresql://u:p#w@db/x'
                IB_PASSWORD="quoted \\"inner\\" value" # trailing comment
                MULTI="a\\nb"
                IBKR_HOST=gateway # comment after a bare value
                EMPTY=
                """
        )
        #expect(file.values["REDIS_URL"] == "redis://127.0.0.1:6379/0")
        #expect(file.values["IBKR_PORT"] == "4002")
        #expect(file.values["DATABASE_URL"] == "postgresql://u:p#w@db/x")
        #expect(file.values["IB_PASSWORD"] == "quoted \"inner\" value")
        #expect(file.values["MULTI"] == "a\nb")
        #expect(file.values["IBKR_HOST"] == "gateway")
        #expect(file.values["EMPTY"] == "")
    }

    @Test(arguments: ["JUST_A_NAME", "BAD NAME=1", "X=\"unterminated", "=value"])
    func rejectsMalformedLines(line: String) {
        #expect(throws: ConfigurationError.self) { try DotEnvFile(parsing: "OK=1\n" + line) }
    }

    @Test func namesTheLineOfAnErrorButNotItsValue() {
        #expect {
            try DotEnvFile(parsing: "A=1\nSECRET=\"hunter2")
        } throws: { error in
            let text = "\(error)"
            return text.contains("line 2") && !text.contains("hunter2")
        }
    }
}
