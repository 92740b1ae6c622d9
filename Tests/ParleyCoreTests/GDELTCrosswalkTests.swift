import Testing
@testable import ParleyImport

/// GDELT's FIPS 10-4 place codes through the embedded GeoNames tables: countries, first-level
/// divisions, and the countries where GeoNames keys them otherwise.
@Suite struct GDELTCrosswalkTests {
    let crosswalk = GeoNamesCrosswalk.standard

    @Test func aFIPSCountryCodeGivesTheISOCodesAndName() {
        #expect(crosswalk.country(fips: "UP") == .init(fips: "UP", iso2: "UA", iso3: "UKR", name: "Ukraine"))
        #expect(crosswalk.country(fips: "RS") == .init(fips: "RS", iso2: "RU", iso3: "RUS", name: "Russia"))
        // FIPS and ISO differ: RS is Russia in FIPS, Serbia in ISO; UK is the United Kingdom.
        #expect(crosswalk.country(iso2: "RS")?.name == "Serbia")
        #expect(crosswalk.country(fips: "UK")?.iso3 == "GBR")
        #expect(crosswalk.country(fips: "ZZ") == nil)
    }

    @Test(arguments: [
        ("UP26", "Ukraine", "Zaporizhzhia", "UA.26"),
        ("RS48", "Russia", "Moscow", "RU.48"),
        ("USDC", "United States", "Washington, D.C.", "US.DC"),
        ("AE01", "United Arab Emirates", "Abu Dhabi", "AE.01"),
        ("UKV2", "United Kingdom", "Glasgow City", "GB.SCT.V2"),
        ("RPD9", "Philippines", "Manila", "FIPS 10-4"),
    ])
    func aGDELTADM1CodeGivesItsDivision(code: String, country: String, name: String, key: String) {
        let division = crosswalk.division(gdeltADM1: code)
        #expect(division?.country.name == country)
        #expect(division?.name == name)
        #expect(division?.geoNamesKey == key)
    }

    @Test func aCountrysCodeAloneIsTheCountryAndAnUnkeyedDivisionIsNone() {
        #expect(crosswalk.division(gdeltADM1: "UP") == .init(country: crosswalk.country(fips: "UP")!, name: nil, geoNamesKey: nil))
        // Switzerland's GeoNames codes are ISO 3166-2 (`CH.GE`): FIPS `SZ07` finds nothing rather than a wrong canton.
        #expect(crosswalk.division(gdeltADM1: "SZ07") == nil)
        // The Philippines' GeoNames first level is its regions: FIPS province `RP01` is Abra, not region `PH.01` Ilocos.
        #expect(crosswalk.division(gdeltADM1: "RP01")?.name == "Province of Abra")
        #expect(crosswalk.division(gdeltADM1: "RP01")?.geoNamesKey == "PH.15.01")
        #expect(crosswalk.division(gdeltADM1: "U") == nil)
        #expect(crosswalk.division(gdeltADM1: "ZZ01") == nil)
    }
}
