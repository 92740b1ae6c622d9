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
    public func index(of column: GDELTColumn) -> Int? { indexTable[column.rawValue] }

    /// `index(of:)` for every column, by the column's position in the 2.0 layout; nil when absent.
    private var indexTable: [Int?] {
        switch self {
        case .v2: GDELTLayout.v2Indexes
        case .v1Daily: GDELTLayout.v1DailyIndexes
        case .v1Historical: GDELTLayout.v1HistoricalIndexes
        }
    }

    private static func indexes(_ columns: [GDELTColumn]) -> [Int?] {
        var table = [Int?](repeating: nil, count: GDELTColumn.allCases.count)
        for (index, column) in columns.enumerated() { table[column.rawValue] = index }
        return table
    }

    private static let v2Indexes = indexes(GDELTLayout.v2.columns)
    private static let v1DailyIndexes = indexes(GDELTLayout.v1Daily.columns)
    private static let v1HistoricalIndexes = indexes(GDELTLayout.v1Historical.columns)
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
