extension BarSizeSetting {
    // Every IB bar size by name, for code that means one particular size.
    public static let oneSecond = BarSizeSetting(ibName: "1 secs")!
    public static let fiveSeconds = BarSizeSetting(ibName: "5 secs")!
    public static let tenSeconds = BarSizeSetting(ibName: "10 secs")!
    public static let fifteenSeconds = BarSizeSetting(ibName: "15 secs")!
    public static let thirtySeconds = BarSizeSetting(ibName: "30 secs")!
    public static let oneMinute = BarSizeSetting(ibName: "1 min")!
    public static let twoMinutes = BarSizeSetting(ibName: "2 mins")!
    public static let threeMinutes = BarSizeSetting(ibName: "3 mins")!
    public static let fiveMinutes = BarSizeSetting(ibName: "5 mins")!
    public static let tenMinutes = BarSizeSetting(ibName: "10 mins")!
    public static let fifteenMinutes = BarSizeSetting(ibName: "15 mins")!
    public static let twentyMinutes = BarSizeSetting(ibName: "20 mins")!
    public static let thirtyMinutes = BarSizeSetting(ibName: "30 mins")!
    public static let oneHour = BarSizeSetting(ibName: "1 hour")!
    public static let twoHours = BarSizeSetting(ibName: "2 hours")!
    public static let threeHours = BarSizeSetting(ibName: "3 hours")!
    public static let fourHours = BarSizeSetting(ibName: "4 hours")!
    public static let eightHours = BarSizeSetting(ibName: "8 hours")!
    public static let oneDay = BarSizeSetting(ibName: "1 day")!
    public static let oneWeek = BarSizeSetting(ibName: "1 week")!
    public static let oneMonth = BarSizeSetting(ibName: "1 month")!
}
