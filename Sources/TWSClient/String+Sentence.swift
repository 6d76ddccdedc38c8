extension String {
    /// The text without its final period, for quoting an error inside a sentence of our own that ends in one
    /// (otherwise "…: bad field.." reaches the user).
    var withoutFinalPeriod: String {
        hasSuffix(".") && !hasSuffix("...") ? String(dropLast()) : self
    }
}
