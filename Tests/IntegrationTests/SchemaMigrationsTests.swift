import BackfillStore
import Testing

@Suite struct SchemaMigrationsTests {
    @Test func versionsStartAtOneAndIncreaseWithoutGaps() {
        let versions = SchemaMigrations.all.map(\.version)
        #expect(versions == Array(1...versions.count))
    }

    @Test func migratorKnowsTheLatestVersion() {
        #expect(Migrator().latestVersion == SchemaMigrations.all.count)
    }
}
