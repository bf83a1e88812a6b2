namespace Bot.Benchmarks.Corpus;

/// <summary>
/// Hand-listed names, roles, publishers and tags that give the synthetic corpus the named entities and metadata of a
/// news corpus. Publisher domains use the reserved <c>.example</c> top-level domain so that no link points anywhere.
/// </summary>
internal static class NewsLexicon
{
    /// <summary>Function words and phrases in rough order of frequency (drawn with a Zipf law of their own).</summary>
    public static readonly string[] FunctionPhrases =
    [
        "the", "of the", "and", "to", "a", "in", "that", "is", "for", "on", "with", "as", "was", "by", "at", "from",
        "to the", "in the", "this", "an", "are", "have", "has", "had", "were", "not", "but", "or", "which", "their",
        "its", "will", "would", "could", "more", "than", "after", "about", "over", "into", "under", "against",
        "between", "during", "through", "while", "before", "since", "because", "also", "for the", "on the",
        "with the", "and the", "that the", "at the", "by the", "such as", "as well as", "even as",
    ];

    public static readonly string[] FirstNames =
    [
        "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
        "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Carlos", "Karen",
        "Daniel", "Lisa", "Matthew", "Nancy", "Anthony", "Sandra", "Mark", "Ashley", "Steven", "Emily", "Andrew",
        "Michelle", "Joshua", "Amanda", "Kevin", "Melissa", "Brian", "Deborah", "Jorge", "Stephanie", "Diane",
        "Naureen", "Alejandro", "Priya", "Wei", "Fatima", "Omar", "Aisha", "Hiroshi", "Mei", "Rahul", "Sofia",
        "Luis", "Ana", "Dmitri", "Olga", "Kwame", "Amara", "Tomas", "Ingrid", "Marcus", "Keisha", "Darnell",
        "Rosa", "Miguel", "Leticia", "Hassan", "Leila", "Samuel", "Grace", "Ethan", "Chloe", "Noah", "Zoe",
        "Benjamin", "Hannah", "Gabriel", "Victoria", "Isaac", "Natalie",
    ];

    public static readonly string[] LastNames =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
        "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
        "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green",
        "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Goldstein",
        "Shah", "Mayorkas", "Okafor", "Kowalski", "Nakamura", "Petrov", "Haddad", "Mensah", "Lindqvist",
        "Oyelaran", "Castellanos", "Fitzgerald", "Abernathy", "Delacroix", "Vasquez", "Chen", "Patel", "Kim",
        "Singh", "Ibrahim", "Murphy", "Brennan", "O'Connor", "Sullivan", "Duarte", "Whitaker", "Holloway",
        "Pemberton", "Kapoor", "Zhang", "Morales", "Ortiz", "Reyes", "Castillo", "Guerrero", "Stein", "Weiss",
        "Fischer", "Novak", "Horvath", "Larsen", "Berg", "Dubois", "Moreau", "Rossi", "Ferrari", "Costa",
        "Silva", "Santos", "Oliveira", "Tanaka", "Suzuki", "Yamamoto", "Park", "Choi", "Kaur", "Ali", "Khan",
        "Hussein", "Mahmoud", "Adeyemi", "Banda", "Mwangi", "Otieno", "Cohen", "Levy", "Friedman",
    ];

    public static readonly string[] Places =
    [
        "Texas", "California", "Arizona", "Florida", "New York", "Illinois", "Georgia", "Ohio", "Michigan",
        "Pennsylvania", "Nevada", "Colorado", "Oregon", "Washington", "Virginia", "North Carolina", "Tennessee",
        "Minnesota", "Wisconsin", "Massachusetts", "New Mexico", "Utah", "Iowa", "Kansas", "Louisiana", "Maryland",
        "Chicago", "Houston", "Phoenix", "Philadelphia", "San Antonio", "San Diego", "Dallas", "Austin",
        "Denver", "Seattle", "Boston", "Atlanta", "Miami", "Detroit", "Portland", "Baltimore", "Milwaukee",
        "Albuquerque", "Tucson", "Fresno", "Sacramento", "El Paso", "Nashville", "Memphis", "Charlotte",
        "Mexico", "Canada", "Guatemala", "Honduras", "Venezuela", "Brazil", "Colombia", "Ukraine", "Poland",
        "Germany", "France", "Britain", "Japan", "India", "China", "Nigeria", "Kenya", "Israel", "Egypt",
    ];

    public static readonly string[] Institutions =
    [
        "Department of Justice", "Department of Labor", "Department of Homeland Security", "Supreme Court",
        "Court of Appeals", "City Council", "Board of Education", "Health Department", "Police Department",
        "Sheriff's Office", "Attorney General's Office", "Civil Liberties Union", "Chamber of Commerce",
        "Policy Institute", "Research Center", "Law Center", "Workers Union", "Housing Authority",
        "Transit Authority", "Election Commission", "Budget Office", "Public Defender's Office",
        "Action Partnership", "Immigration Council", "Taxpayers Association", "Medical Association",
    ];

    public static readonly string[] Roles =
    [
        "executive director", "spokeswoman", "spokesman", "senior counsel", "police chief", "county sheriff",
        "state senator", "professor of law", "policy analyst", "district attorney", "deputy director",
        "board member", "union president", "economist", "researcher", "city council member", "public defender",
        "retired judge", "campaign manager", "chief executive",
    ];

    public static readonly (string Name, string Domain)[] Publishers =
    [
        ("The Capitol Ledger", "capitolledger.example"), ("Metro Tribune", "metrotribune.example"),
        ("Harbor Herald", "harborherald.example"), ("The Civic Wire", "civicwire.example"),
        ("Prairie Post", "prairiepost.example"), ("The Border Courier", "bordercourier.example"),
        ("Statehouse News Service", "statehousenews.example"), ("The Evening Sentinel", "eveningsentinel.example"),
        ("Lakeside Gazette", "lakesidegazette.example"), ("The Public Record", "publicrecord.example"),
        ("Southern Dispatch", "southerndispatch.example"), ("Pacific Observer", "pacificobserver.example"),
    ];

    public static readonly string[] Tags =
    [
        "immigration", "policing", "courts", "elections", "economy", "health", "climate", "education", "housing",
        "technology", "defense", "trade", "labor", "energy", "transportation", "public safety", "civil rights",
        "budget", "congress", "local government",
    ];

    /// <summary>
    /// Question shapes: {P} is the person quoted in the passage (used only when the passage has a quote), {0}-{2}
    /// are rarer words of the passage.
    /// </summary>
    public static readonly string[] QuestionTemplates =
    [
        "What did {P} say about {0} and {1}?",
        "What did {P} say about {0}, {1} and {2}?",
        "What is known about {0} and {1}?",
        "What happened with {0}, {1} and {2}?",
        "How are {0} and {1} connected to {2}?",
        "Why does {0} matter for {1}?",
    ];
}
