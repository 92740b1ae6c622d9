/// The three layouts of GDELT's events exports, told apart by their number of tab-separated fields
/// (the files have no header row). Column names are the codebooks'.
public enum GDELTLayout: Int, Sendable, CaseIterable {
    /// GDELT 1.0 files before April 2013 (the backfile and the first daily files): 57 fields, no `SOURCEURL`.
    case v1Historical = 57
    /// GDELT 1.0 daily files from April 2013: 58 fields, `SOURCEURL` last; `DATEADDED` is `YYYYMMDD`.
    case v1Daily = 58
    /// GDELT 2.0 files (`YYYYMMDDHHMMSS.export.CSV`): 61 fields, an `ADM2Code` in each geography,
    /// `DATEADDED` as `YYYYMMDDHHMMSS`.
    case v2 = 61

    /// How many fields each row has.
    public var fieldCount: Int { rawValue }

    /// The layout, as an error names it.
    public var name: String {
        switch self {
        case .v1Historical: "GDELT 1.0 events before April 2013"
        case .v1Daily: "GDELT 1.0 events"
        case .v2: "GDELT 2.0 events"
        }
    }

    /// Each field's codebook name, in file order.
    public var columns: [GDELTColumn] {
        switch self {
        case .v2: GDELTColumn.allCases
        case .v1Daily: GDELTColumn.allCases.filter { !$0.isGeoADM2 }
        case .v1Historical: GDELTColumn.allCases.filter { !$0.isGeoADM2 && $0 != .sourceURL }
        }
    }

    /// The 0-based field of `column` in this layout, or nil when the layout lacks it (`ADM2Code` in 1.0).
    /// Arithmetic, not a table: the reader asks it for a dozen fields of every row.
    @inline(__always)
    public func index(of column: GDELTColumn) -> Int? {
        let position = column.rawValue
        let firstGeography = GDELTColumn.actor1GeoType.rawValue
        // Every layout is 2.0's up to AvgTone.
        if self == .v2 || position < firstGeography { return position }
        if position < GDELTColumn.dateAdded.rawValue {
            // 1.0's geographies have 7 fields: 2.0's 8 but the ADM2Code, the fifth.
            let (geography, field) = (position - firstGeography).quotientAndRemainder(dividingBy: 8)
            if field == 4 { return nil }
            return firstGeography + geography * 7 + (field > 4 ? field - 1 : field)
        }
        if column == .sourceURL && self == .v1Historical { return nil }
        return position - 3
    }
}

/// Every column of a GDELT events export, in the 2.0 file order (`rawValue` is the 0-based field
/// there); `name` is the codebook's.
public enum GDELTColumn: Int, Sendable, CaseIterable {
    case globalEventID, sqlDate, monthYear, year, fractionDate
    case actor1Code, actor1Name, actor1CountryCode, actor1KnownGroupCode, actor1EthnicCode
    case actor1Religion1Code, actor1Religion2Code, actor1Type1Code, actor1Type2Code, actor1Type3Code
    case actor2Code, actor2Name, actor2CountryCode, actor2KnownGroupCode, actor2EthnicCode
    case actor2Religion1Code, actor2Religion2Code, actor2Type1Code, actor2Type2Code, actor2Type3Code
    case isRootEvent, eventCode, eventBaseCode, eventRootCode, quadClass, goldsteinScale
    case numMentions, numSources, numArticles, avgTone
    case actor1GeoType, actor1GeoFullName, actor1GeoCountryCode, actor1GeoADM1Code, actor1GeoADM2Code
    case actor1GeoLat, actor1GeoLong, actor1GeoFeatureID
    case actor2GeoType, actor2GeoFullName, actor2GeoCountryCode, actor2GeoADM1Code, actor2GeoADM2Code
    case actor2GeoLat, actor2GeoLong, actor2GeoFeatureID
    case actionGeoType, actionGeoFullName, actionGeoCountryCode, actionGeoADM1Code, actionGeoADM2Code
    case actionGeoLat, actionGeoLong, actionGeoFeatureID
    case dateAdded, sourceURL

    /// The codebook's name: `GLOBALEVENTID`, `Actor1KnownGroupCode`, `ActionGeo_ADM1Code`…
    public var name: String { GDELTColumn.names[rawValue] }

    /// An `ADM2Code` of one of the three geographies: only GDELT 2.0 has them.
    var isGeoADM2: Bool { self == .actor1GeoADM2Code || self == .actor2GeoADM2Code || self == .actionGeoADM2Code }

    private static let names: [String] = {
        var names = ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
        for actor in ["Actor1", "Actor2"] {
            names += ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                      "Religion2Code", "Type1Code", "Type2Code", "Type3Code"].map { actor + $0 }
        }
        names += ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
                  "NumMentions", "NumSources", "NumArticles", "AvgTone"]
        for geography in ["Actor1Geo_", "Actor2Geo_", "ActionGeo_"] {
            names += ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
                .map { geography + $0 }
        }
        return names + ["DATEADDED", "SOURCEURL"]
    }()
}
