/// A parsed CSV document (RFC 4180: quoted fields, doubled quotes, CRLF or LF line ends).
public struct CSVTable: Sendable, Equatable {
    /// The rows, each a list of fields, with the line number each starts on.
    public var rows: [(line: Int, fields: [String])]

    public static func == (lhs: CSVTable, rhs: CSVTable) -> Bool {
        lhs.rows.map(\.line) == rhs.rows.map(\.line) && lhs.rows.map(\.fields) == rhs.rows.map(\.fields)
    }

    /// Parses the text; an unterminated quote is an error.
    public init(parsing text: String) throws {
        rows = []
        var field = ""
        var fields: [String] = []
        var inQuotes = false
        var line = 1
        var rowLine = 1
        var iterator = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let scalar = pending {
                pending = nil
                return scalar
            }
            return iterator.next()
        }
        func endRow() {
            fields.append(field)
            field = ""
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append((rowLine, fields)) }
            fields = []
        }
        while let scalar = next() {
            if inQuotes {
                if scalar == "\"" {
                    if let following = next() {
                        if following == "\"" { field.unicodeScalars.append("\"") } else {
                            inQuotes = false
                            pending = following
                        }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty: inQuotes = true
            case ",":
                fields.append(field)
                field = ""
            case "\r": continue
            case "\n":
                endRow()
                line += 1
                rowLine = line
            default: field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes { throw GatewayError.badRequest("Invalid CSV: unterminated quoted field starting on line \(rowLine)") }
        if !field.isEmpty || !fields.isEmpty { endRow() }
    }
}
