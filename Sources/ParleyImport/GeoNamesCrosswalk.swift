/// GDELT's place codes in GeoNames' terms: a FIPS 10-4 country code (`UP`) to the country's ISO
/// 3166 codes and name, and a GDELT `ADM1Code` (`UP26`: FIPS country and first-level division) to the
/// division's name (Zaporizhzhia).
///
/// The tables are GeoNames' own (`Sources/ParleyImport/GeoNames`, CC BY 4.0), embedded into the
/// binary at build time by `EmbedSamplePlugin` rather than shipped as a resource bundle, so a
/// `parley` binary copied alone still has them. GeoNames keys its first-level divisions by ISO
/// country and its own code, which for most countries is the FIPS code GDELT writes (`UA.26` is
/// `UP26`). Not for all:
/// - the US: GDELT writes the postal code (`USCA`), which is GeoNames' code too (`US.CA`);
/// - GB, GR and PH: GeoNames has other first-level divisions (England…, Greece's regions, the
///   Philippines' regions) and files the FIPS divisions one level down (`GB.SCT.V2` Glasgow City is
///   `UKV2`), so those come from its second-level table;
/// - a few codes neither table keys, written in `fipsOnly` from FIPS 10-4 itself (`RPD9` Manila);
/// - countries whose GeoNames codes are ISO 3166-2 or others of its own (BE, CH, ME, and those whose
///   codes are not two characters, such as RS's `VO`/`SE` or HK's districts): no division is found,
///   rather than a wrong one.
public struct GeoNamesCrosswalk: Sendable {
    /// A country as GeoNames lists it.
    public struct Country: Sendable, Equatable {
        public let fips: String
        public let iso2: String
        public let iso3: String
        public let name: String
    }

    /// What a GDELT `ADM1Code` names.
    public struct Division: Sendable, Equatable {
        public let country: Country
        /// The first-level division's name; nil when the code is a country's alone (`UP`).
        public let name: String?
        /// The GeoNames key it was found under (`UA.26`, `GB.SCT.V2`), or `FIPS 10-4` for `fipsOnly`.
        public let geoNamesKey: String?
    }

    /// The tables embedded in the binary, parsed on first use.
    public static let standard = GeoNamesCrosswalk(files: EmbeddedGeoNames.files)

    /// Countries whose first-level FIPS divisions GeoNames files at its second level.
    static let fipsAtSecondLevel: Set<String> = ["GB", "GR", "PH"]
    /// Countries whose GeoNames first-level codes are not FIPS 10-4 (ISO 3166-2 and the like).
    static let notFIPS: Set<String> = ["BE", "CH", "ME"]
    /// GDELT `ADM1Code`s that neither GeoNames table keys, named from FIPS 10-4 (public domain).
    static let fipsOnly: [String: String] = ["RPD9": "Manila"]

    private var countriesByFIPS: [String: Country] = [:]
    private var countriesByISO: [String: Country] = [:]
    /// `ISO.code` → name (ASCII column of `admin1CodesASCII.txt` is not used: the first keeps diacritics).
    private var firstLevel: [String: String] = [:]
    /// `ISO` + FIPS division code → (name, GeoNames key), from the second-level rows.
    private var secondLevelByFIPS: [String: (name: String, key: String)] = [:]

    init(files: [(name: String, text: String)]) {
        for (name, text) in files {
            for line in text.split(separator: "\n", omittingEmptySubsequences: true) where !line.hasPrefix("#") {
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                switch name {
                case "countryInfo.txt" where fields.count >= 5:
                    let country = Country(fips: String(fields[3]), iso2: String(fields[0]), iso3: String(fields[1]), name: String(fields[4]))
                    countriesByISO[country.iso2] = country
                    if !country.fips.isEmpty { countriesByFIPS[country.fips] = country }
                case "admin1CodesASCII.txt" where fields.count >= 2:
                    firstLevel[String(fields[0])] = String(fields[1])
                case let file where file.hasPrefix("admin2Codes") && fields.count >= 2:
                    let key = fields[0].split(separator: ".")
                    guard key.count == 3 else { continue }
                    secondLevelByFIPS[key[0] + "." + key[2]] = (String(fields[1]), String(fields[0]))
                default:
                    continue
                }
            }
        }
    }

    /// The country of a FIPS 10-4 code (`UP` → UA, UKR, Ukraine), or nil.
    public func country(fips: String) -> Country? { countriesByFIPS[fips] }

    /// The country of an ISO 3166 alpha-2 code, or nil.
    public func country(iso2: String) -> Country? { countriesByISO[iso2] }

    /// What a GDELT `ADM1Code` names: `UP26` → Ukraine, Zaporizhzhia; `UP` → Ukraine alone; nil for a
    /// code of no known country, or a division the tables do not key.
    public func division(gdeltADM1 code: String) -> Division? {
        guard code.utf8.count >= 2 else { return nil }
        let fipsCountry = String(code.prefix(2))
        guard let country = countriesByFIPS[fipsCountry] else { return nil }
        let divisionCode = String(code.dropFirst(2))
        if divisionCode.isEmpty { return Division(country: country, name: nil, geoNamesKey: nil) }
        if let name = GeoNamesCrosswalk.fipsOnly[code] { return Division(country: country, name: name, geoNamesKey: "FIPS 10-4") }
        if GeoNamesCrosswalk.fipsAtSecondLevel.contains(country.iso2) {
            guard let found = secondLevelByFIPS[country.iso2 + "." + divisionCode] else { return nil }
            return Division(country: country, name: found.name, geoNamesKey: found.key)
        }
        guard !GeoNamesCrosswalk.notFIPS.contains(country.iso2) else { return nil }
        let key = country.iso2 + "." + divisionCode
        guard let name = firstLevel[key] else { return nil }
        return Division(country: country, name: name, geoNamesKey: key)
    }
}
