using Orchestrator.Grains.Understanding;

namespace Orchestrator.Grains.Tests.Understanding.LocalModel;

[Collection(LocalIntentModelCollection.Name)]
public sealed class InfoTypeTests(LocalIntentModelFixture fixture)
{
    private static readonly string[] DifferentlyNamedKeys =
        ["iade_politikasi", "kargo_bilgisi", "iletisim_telefonu", "magaza_adresi", "acilis_saatleri", "odeme_secenekleri"];

    [Theory]
    [InlineData("iade koşullarınız neler", "iade")]
    [InlineData("kargo ücretiniz ne kadar?", "kargo")]
    [InlineData("telefon numaranızı alabilir miyim?", "telefon")]
    [InlineData("mağazanızın adresi nedir", "adres")]
    [InlineData("hafta sonu kaça kadar açıksınız", "calisma_saatleri")]
    [InlineData("kapıda ödeme seçeneğiniz var mı", "odeme")]
    [InlineData("ürünlerin garantisi kaç yıl?", "garanti")]
    public void NamesTheLearnedKeyWhenTheTenantIsUnknown(string message, string key)
    {
        var prediction = fixture.Model.Predict(message);

        Assert.Equal(Intent.BusinessInfo, prediction.Intent);
        Assert.Equal(key, prediction.InfoType);
    }

    [Theory]
    [InlineData("iade koşullarınız neler", "iade_politikasi")]
    [InlineData("kargo ücretiniz ne kadar?", "kargo_bilgisi")]
    [InlineData("telefon numaranızı alabilir miyim?", "iletisim_telefonu")]
    [InlineData("mağazanızın adresi nedir", "magaza_adresi")]
    [InlineData("hafta sonu kaça kadar açıksınız", "acilis_saatleri")]
    [InlineData("kapıda ödeme seçeneğiniz var mı", "odeme_secenekleri")]
    public void MapsTheLearnedKeyToTheTenantsOwnKey(string message, string tenantKey)
    {
        var business = new BusinessContext("shop", "Shop", DifferentlyNamedKeys, []);

        Assert.Equal(tenantKey, fixture.Model.Predict(message, business).InfoType);
    }

    [Fact]
    public void MatchesTenantKeysRegardlessOfCaseAndDiacritics()
    {
        var business = new BusinessContext("shop", "Shop", ["İade", "KARGO", "Çalışma Saatleri"], []);

        Assert.Equal("İade", fixture.Model.Predict("iade koşullarınız neler", business).InfoType);
        Assert.Equal("Çalışma Saatleri", fixture.Model.Predict("hafta sonu kaça kadar açıksınız", business).InfoType);
    }

    [Fact]
    public void ReturnsTheTenantKeyTheMessageNames()
    {
        var business = new BusinessContext("shop", "Shop", ["iade", "kargo", "garanti"], []);

        Assert.Equal("garanti", fixture.Model.Predict("garanti süresi ne kadar?", business).InfoType);
    }

    [Fact]
    public void PrefersTheNamedKeyAmongTenantKeysOnTheSameTopic()
    {
        var business = new BusinessContext("shop", "Shop", ["kargo", "teslimat_suresi", "iade"], []);

        Assert.Equal("teslimat_suresi", fixture.Model.Predict("teslimat süreniz ne kadar?", business).InfoType);
        Assert.Equal("kargo", fixture.Model.Predict("kargo ücretiniz ne kadar?", business).InfoType);
    }

    [Fact]
    public void KeepsAConfidentLearnedKeyOverAnIncidentallyNamedOne()
    {
        var business = new BusinessContext("shop", "Shop", ["adres", "e_posta"], []);

        Assert.Equal("e_posta", fixture.Model.Predict("mail adresiniz nedir", business).InfoType);
    }

    [Fact]
    public void ReturnsTheLearnedKeyWhenTheTenantHasNoSuchKey()
    {
        var business = new BusinessContext("shop", "Shop", ["telefon", "adres"], []);

        Assert.Equal("kargo", fixture.Model.Predict("kargo ücretiniz ne kadar?", business).InfoType);
    }

    [Fact]
    public void LeavesInfoTypeNullForOtherIntents()
    {
        var business = new BusinessContext("shop", "Shop", DifferentlyNamedKeys, []);

        Assert.Null(fixture.Model.Predict("gecelik fiyatı ne kadar?", business).InfoType);
        Assert.Null(fixture.Model.Predict("merhaba", business).InfoType);
    }
}
