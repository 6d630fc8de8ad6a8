using Orchestrator.GrainInterfaces;

namespace Orchestrator.Grains.Tests;

public sealed class GrainKeysTests
{
    [Theory]
    [InlineData("business456", "whatsapp", "905551112233")]
    [InlineData("b", "web", "user/with/slashes")]
    [InlineData("b", "telegram", "ünicode kullanıcı")]
    public void ReadsBackTheSessionKeyItBuilt(string business, string platform, string user) =>
        Assert.Equal((business, platform, user), GrainKeys.ParseSession(GrainKeys.Session(business, platform, user)));

    [Fact]
    public void RefusesTenantIdsOrPlatformsThatWouldMakeTheKeyAmbiguous()
    {
        Assert.Throws<ArgumentException>(() => GrainKeys.Session("a/b", "web", "u"));
        Assert.Throws<ArgumentException>(() => GrainKeys.Session("a", "w/eb", "u"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("/web/u")]
    [InlineData("a//u")]
    [InlineData("a/web/")]
    public void RejectsMalformedSessionKeys(string key) =>
        Assert.Throws<FormatException>(() => GrainKeys.ParseSession(key));
}
