namespace Orchestrator.Bench;

/// <summary>A realistic 20-product catalogue and meta, used by every benchmark tenant.</summary>
public static class BenchCatalogue
{
    public static readonly string[] ProductNames =
    [
        "Saten Gecelik", "Pamuk Pijama Takımı", "Dantelli Sabahlık", "Kadife Terlik", "Bambu Çorap", "Yün Atkı",
        "Deri Cüzdan", "Keten Gömlek", "Kot Pantolon", "Spor Ayakkabı", "Şal Desenli Eşarp", "Çocuk Pijaması",
        "Erkek Bornoz", "Pamuklu Havlu Seti", "Nevresim Takımı", "Yastık Kılıfı", "Battaniye", "Mutfak Önlüğü",
        "Banyo Paspası", "Kapüşonlu Sweatshirt",
    ];

    public static readonly Dictionary<string, string> Meta = new(StringComparer.Ordinal)
    {
        ["iade"] = "İade 14 gün içinde, faturayla birlikte yapılabilir.",
        ["kargo"] = "Siparişler 1-3 iş günü içinde kargoya verilir.",
        ["telefon"] = "0212 555 01 23",
    };
}
