using Claro.Catalog;

namespace Claro.Silo.Seeding;

/// <summary>The words seeded titles, descriptions, tags and storefront names are made of; the discovery benchmark draws its queries from them too.</summary>
public static class SeedVocabulary
{
    public static readonly string[] Adjectives =
    [
        "midnight", "amber", "arctic", "autumn", "bold", "brass", "bright", "calm", "cedar", "cobalt",
        "coral", "cosmic", "crimson", "dusty", "electric", "emerald", "faded", "foggy", "gentle", "golden",
        "granite", "hazy", "indigo", "ivory", "jade", "lunar", "marble", "minimal", "misty", "modern",
        "nordic", "ochre", "pastel", "quiet", "rapid", "retro", "rustic", "saffron", "scarlet", "silver",
        "smoky", "solar", "spring", "stormy", "summer", "tidal", "urban", "velvet", "vintage", "violet",
        "wild", "winter", "wooden", "cozy", "crisp", "dreamy", "fierce", "lofty", "mellow", "sunny",
    ];

    public static readonly string[] Nouns =
    [
        "forest", "ocean", "mountain", "river", "desert", "city", "garden", "harbor", "meadow", "canyon",
        "island", "valley", "glacier", "prairie", "lagoon", "orchard", "tundra", "jungle", "volcano", "coast",
        "lake", "cliff", "cabin", "studio", "workshop", "kitchen", "library", "lighthouse", "market", "village",
        "castle", "temple", "bridge", "tower", "station", "galaxy", "planet", "comet", "nebula", "aurora",
        "horizon", "sunrise", "sunset", "twilight", "thunder", "rain", "snow", "cloud", "breeze", "wave",
        "ember", "flame", "stone", "crystal", "pixel", "circuit", "engine", "robot", "rocket", "dragon",
        "fox", "wolf", "owl", "raven", "bear", "tiger", "whale", "lotus", "fern", "maple",
        "willow", "bamboo", "cactus", "moss", "coffee", "bakery", "vinyl", "cassette", "lantern", "compass",
    ];

    /// <summary>What a product of each category is called; the category decides the last words of its title.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Kinds = new Dictionary<string, string[]>
    {
        ["ebooks"] = ["guide", "handbook", "workbook", "field guide", "cookbook", "novel", "primer"],
        ["courses"] = ["course", "masterclass", "bootcamp", "workshop", "lessons", "video series"],
        ["software"] = ["plugin", "toolkit", "app", "extension", "script", "library", "command line tool"],
        ["music"] = ["sample pack", "beat tape", "loops", "album", "stems", "drum kit", "soundtrack"],
        ["art"] = ["brushes", "illustrations", "prints", "textures", "sticker pack", "wallpapers", "icon set"],
        ["templates"] = ["template", "planner", "spreadsheet", "resume kit", "slide deck", "dashboard"],
        ["photography"] = ["presets", "lut pack", "stock photos", "overlays", "photo guide", "actions"],
        ["fonts"] = ["typeface", "font family", "display font", "handwritten font", "serif font", "script font"],
        ["games"] = ["tileset", "sprite pack", "asset pack", "card game", "rpg module", "level kit"],
        [Categories.Other] = ["bundle", "collection", "kit", "pack", "printables"],
    };

    /// <summary>Tags, most popular first: a product draws them with a skew, so early ones are common and late ones rare.</summary>
    public static readonly string[] Tags =
    [
        "minimal", "vintage", "dark", "beginner", "commercial use", "bundle", "retro", "pastel", "productivity", "4k",
        "lightroom", "photoshop", "procreate", "figma", "notion", "excel", "unity", "godot", "blender", "ableton",
        "fl studio", "logic pro", "wordpress", "react", "python", "javascript", "rust", "budget", "wedding", "travel",
        "portrait", "landscape", "street", "film", "watercolor", "ink", "pixel art", "low poly", "3d", "vector",
        "svg", "png", "hdr", "lofi", "hip hop", "techno", "ambient", "cinematic", "orchestral", "jazz",
        "synthwave", "guitar", "piano", "drums", "vocals", "advanced", "marketing", "seo", "startup", "freelance",
        "finance", "fitness", "yoga", "cooking", "vegan", "kids", "education", "math", "language", "writing",
        "fantasy", "sci-fi", "horror", "romance", "mystery", "poetry", "journal", "planner", "calendar", "invoice",
        "resume", "branding", "logo", "social media", "instagram", "youtube", "podcast", "mockup", "ui kit", "icons",
        "wallpaper", "print", "sticker", "tarot", "board game", "ttrpg", "handmade", "holiday", "christmas", "halloween",
    ];

    public static readonly string[] StudioWords = ["studio", "press", "lab", "works", "supply", "house", "collective", "goods", "club", "atelier"];

    /// <summary>Sentences of a description; {a} an adjective, {n} a noun, {k} the product's kind, {t} one of its tags.</summary>
    public static readonly string[] Sentences =
    [
        "Made for {t} fans who want {a} results without the busywork.",
        "Includes a dozen {a} {k} files inspired by the {n}.",
        "Every piece was tested on real {n} projects before release.",
        "Works well with {t} and pairs with any {a} style.",
        "Perfect for {n} themes, from {a} mornings to late nights.",
        "Lifetime updates and a simple license are included.",
        "Start in minutes: step by step notes cover the {a} {n} setup.",
        "Drawn from years of work in the {n} and the {a} light it brings.",
        "A favourite of {t} creators looking for something {a}.",
        "Clean, organised and easy to adapt to your own {n} ideas.",
    ];
}
