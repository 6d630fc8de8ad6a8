using System.Collections.Immutable;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Orchestrator.GrainInterfaces;
using Orchestrator.Gateway.Http;
using Orchestrator.Gateway.Security;
using Orchestrator.Grains.Businesses;

namespace Orchestrator.Gateway.Admin;

/// <summary>
/// The admin API: the original design's cache, product and meta routes, plus creating, listing, reading and deleting
/// tenants and products. Each handler validates its input, makes one grain call and maps the result.
/// </summary>
internal static class AdminApi
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 500;

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder routes)
    {
        // Operator-only routes: tenants as a whole and their keys.
        var operatorOnly = routes.MapGroup("/admin").WithTags("Admin").RequireApiKey(ApiKeyScope.Operator)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        operatorOnly.MapPost("/businesses", CreateBusiness).Accepts<CreateBusinessRequest>("application/json");
        operatorOnly.MapGet("/businesses", ListBusinesses);
        operatorOnly.MapDelete("/businesses/{isletme_id}", DeleteBusiness);
        operatorOnly.MapApiKeyRoutes();
        operatorOnly.MapBudgetOperatorRoutes();

        // A tenant's own data: the operator key or that tenant's key.
        var admin = routes.MapGroup("/admin").WithTags("Admin").RequireApiKey(ApiKeyScope.Tenant)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapGet("/businesses/{isletme_id}", GetBusiness);
        admin.MapPatch("/businesses/{isletme_id}", UpdateBusiness).Accepts<UpdateBusinessRequest>("application/json");

        admin.MapPut("/business/{isletme_id}/meta", UpdateMeta).Accepts<UpdateMetaRequest>("application/json");
        admin.MapDelete("/business/{isletme_id}/meta/{info_type}", DeleteMeta);

        admin.MapGet("/products/{isletme_id}", ListProducts);
        admin.MapPost("/products/{isletme_id}", CreateProduct).Accepts<CreateProductRequest>("application/json");
        admin.MapGet("/products/{isletme_id}/{product_id}", GetProduct);
        admin.MapPut("/products/{isletme_id}/{product_id}", UpdateProduct).Accepts<UpdateProductRequest>("application/json");
        admin.MapDelete("/products/{isletme_id}/{product_id}", DeleteProduct);

        admin.MapPost("/cache/invalidate/{isletme_id}", InvalidateCache);
        admin.MapPost("/cache/invalidate-product/{isletme_id}/{product_id}", InvalidateProductCache);
        admin.MapGet("/cache/stats/{isletme_id}", GetCacheStatistics);
        admin.MapBudgetTenantRoutes();
        admin.MapWebhookSecretRoutes();
        return routes;
    }

    public static async Task<Results<Created<BusinessResponse>, ProblemHttpResult>> CreateBusiness(
        HttpRequest request, IGrainFactory grains, IOptions<ApiOptions> options)
    {
        var body = await JsonBody.ReadAsync(request, GatewayJsonContext.Default.CreateBusinessRequest, options.Value.AdminMaxBodyBytes);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var input = body.Value!;
        var errors = new FieldErrors()
            .Check("id", BusinessRules.CheckId(input.Id))
            .Check("name", BusinessRules.CheckName(input.Name))
            .Check("greeting_message", input.GreetingMessage is null ? null : BusinessRules.CheckGreeting(input.GreetingMessage));
        var meta = CheckMeta(input.MetaData, errors);
        var products = CheckProducts(input.Products, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var result = await grains.GetBusiness(input.Id!).Create(new NewBusiness(input.Name!.Trim(), input.GreetingMessage?.Trim(), meta, products));
        return result.Status == AdminStatus.Created
            ? TypedResults.Created($"/admin/businesses/{input.Id}", BusinessResponse.From(result.Value!.Profile, result.Value.Products))
            : Problems.Conflict("id", $"A business with the id '{input.Id}' already exists.");
    }

    public static async Task<Results<Ok<BusinessListResponse>, ProblemHttpResult>> ListBusinesses(
        string? offset, string? limit, IGrainFactory grains)
    {
        var errors = new FieldErrors();
        var from = ParseInt(offset, "offset", 0, 0, int.MaxValue, errors);
        var count = ParseInt(limit, "limit", DefaultPageSize, 1, MaxPageSize, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var page = await grains.GetTenantDirectory().List(from, count);
        return TypedResults.Ok(new BusinessListResponse(
            [.. page.Items.Select(b => new BusinessSummaryResponse(b.Id, b.Name, b.ProductCount, b.CreatedAt))],
            page.Offset, page.Limit, page.Total));
    }

    public static async Task<Results<Ok<BusinessResponse>, ProblemHttpResult>> GetBusiness(
        [FromRoute(Name = "isletme_id")] string isletmeId, IGrainFactory grains)
    {
        if (CheckBusinessId(isletmeId) is { } invalid)
        {
            return invalid;
        }

        return await grains.GetBusiness(isletmeId).Get() is { } business
            ? TypedResults.Ok(BusinessResponse.From(business.Profile, business.Products))
            : BusinessNotFound(isletmeId);
    }

    public static async Task<Results<Ok<BusinessResponse>, ProblemHttpResult>> UpdateBusiness(
        [FromRoute(Name = "isletme_id")] string isletmeId, HttpRequest request, IGrainFactory grains, IOptions<ApiOptions> options)
    {
        if (CheckBusinessId(isletmeId) is { } invalid)
        {
            return invalid;
        }

        var body = await JsonBody.ReadAsync(request, GatewayJsonContext.Default.UpdateBusinessRequest, options.Value.AdminMaxBodyBytes);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var input = body.Value!;
        var errors = new FieldErrors()
            .Check("name", input.Name is null ? null : BusinessRules.CheckName(input.Name))
            .Check("greeting_message", input.GreetingMessage is null ? null : BusinessRules.CheckGreeting(input.GreetingMessage))
            .Check("body", input.Name is null && input.GreetingMessage is null ? "must set name or greeting_message." : null);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var result = await grains.GetBusiness(isletmeId).ChangeProfile(new BusinessChange(input.Name?.Trim(), input.GreetingMessage?.Trim()));
        return result.Succeeded
            ? TypedResults.Ok(BusinessResponse.From(result.Value!, null))
            : BusinessNotFound(isletmeId);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteBusiness(
        [FromRoute(Name = "isletme_id")] string isletmeId, IGrainFactory grains)
    {
        if (CheckBusinessId(isletmeId) is { } invalid)
        {
            return invalid;
        }

        return await grains.GetBusiness(isletmeId).Delete() ? TypedResults.NoContent() : BusinessNotFound(isletmeId);
    }

    public static async Task<Results<Ok<BusinessResponse>, ProblemHttpResult>> UpdateMeta(
        [FromRoute(Name = "isletme_id")] string isletmeId, HttpRequest request, IGrainFactory grains, IOptions<ApiOptions> options)
    {
        if (CheckBusinessId(isletmeId) is { } invalid)
        {
            return invalid;
        }

        var body = await JsonBody.ReadAsync(request, GatewayJsonContext.Default.UpdateMetaRequest, options.Value.AdminMaxBodyBytes);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var input = body.Value!;
        var errors = new FieldErrors()
            .Check("info_type", BusinessRules.CheckMetaKey(input.InfoType))
            .Check("new_value", BusinessRules.CheckMetaValue(input.NewValue));
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var result = await grains.GetBusiness(isletmeId).SetMeta(input.InfoType!, input.NewValue!.Trim());
        return result.Succeeded
            ? TypedResults.Ok(BusinessResponse.From(result.Value!, null))
            : BusinessNotFound(isletmeId);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteMeta(
        [FromRoute(Name = "isletme_id")] string isletmeId, [FromRoute(Name = "info_type")] string infoType, IGrainFactory grains)
    {
        var errors = new FieldErrors()
            .Check("isletme_id", BusinessRules.CheckId(isletmeId))
            .Check("info_type", BusinessRules.CheckMetaKey(infoType));
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var result = await grains.GetBusiness(isletmeId).RemoveMeta(infoType);
        return result.Succeeded
            ? TypedResults.NoContent()
            : Problems.NotFound("info_type", $"Business '{isletmeId}' has no meta key '{infoType}' (or does not exist).");
    }

    public static async Task<Results<Ok<ProductListResponse>, ProblemHttpResult>> ListProducts(
        [FromRoute(Name = "isletme_id")] string isletmeId, IGrainFactory grains)
    {
        if (CheckBusinessId(isletmeId) is { } invalid)
        {
            return invalid;
        }

        return await grains.GetBusiness(isletmeId).Get() is { } business
            ? TypedResults.Ok(new ProductListResponse(isletmeId, [.. business.Products.Select(ProductResponse.From)]))
            : BusinessNotFound(isletmeId);
    }

    public static async Task<Results<Created<ProductResponse>, ProblemHttpResult>> CreateProduct(
        [FromRoute(Name = "isletme_id")] string isletmeId, HttpRequest request, IGrainFactory grains, IOptions<ApiOptions> options)
    {
        if (CheckBusinessId(isletmeId) is { } invalid)
        {
            return invalid;
        }

        var body = await JsonBody.ReadAsync(request, GatewayJsonContext.Default.CreateProductRequest, options.Value.AdminMaxBodyBytes);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var errors = new FieldErrors();
        var product = CheckProduct(body.Value!, "", errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var result = await grains.GetBusiness(isletmeId).AddProduct(product);
        return result.Status switch
        {
            AdminStatus.Created => TypedResults.Created($"/admin/products/{isletmeId}/{result.Value!.Id}", ProductResponse.From(result.Value)),
            AdminStatus.AlreadyExists => Problems.Conflict("id", $"Business '{isletmeId}' already has a product '{product.Id}'."),
            _ => BusinessNotFound(isletmeId),
        };
    }

    public static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>> GetProduct(
        [FromRoute(Name = "isletme_id")] string isletmeId, [FromRoute(Name = "product_id")] string productId, IGrainFactory grains)
    {
        if (CheckIds(isletmeId, productId) is { } invalid)
        {
            return invalid;
        }

        if (await grains.GetBusiness(isletmeId).Get() is not { } business)
        {
            return BusinessNotFound(isletmeId);
        }

        return business.Products.FirstOrDefault(p => p.Id == productId) is { } product
            ? TypedResults.Ok(ProductResponse.From(product))
            : ProductNotFound(isletmeId, productId);
    }

    public static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>> UpdateProduct(
        [FromRoute(Name = "isletme_id")] string isletmeId, [FromRoute(Name = "product_id")] string productId,
        HttpRequest request, IGrainFactory grains, IOptions<ApiOptions> options)
    {
        if (CheckIds(isletmeId, productId) is { } invalid)
        {
            return invalid;
        }

        var body = await JsonBody.ReadAsync(request, GatewayJsonContext.Default.UpdateProductRequest, options.Value.AdminMaxBodyBytes);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var input = body.Value!;
        var errors = new FieldErrors()
            .Check("name", input.Name is null ? null : BusinessRules.CheckName(input.Name))
            .Check("price", input.Price is { } price ? BusinessRules.CheckPrice(price) : null)
            .Check("stock_quantity", input.StockQuantity is { } stock ? BusinessRules.CheckStock(stock) : null)
            .Check("body", input is { Name: null, Price: null, StockQuantity: null } ? "must set price, stock_quantity or name." : null);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var result = await grains.GetBusiness(isletmeId).ChangeProduct(productId, new ProductChange(input.Name?.Trim(), input.Price, input.StockQuantity));
        return result.Succeeded
            ? TypedResults.Ok(ProductResponse.From(result.Value!))
            : ProductNotFound(isletmeId, productId);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteProduct(
        [FromRoute(Name = "isletme_id")] string isletmeId, [FromRoute(Name = "product_id")] string productId, IGrainFactory grains)
    {
        if (CheckIds(isletmeId, productId) is { } invalid)
        {
            return invalid;
        }

        return await grains.GetBusiness(isletmeId).RemoveProduct(productId) == AdminStatus.Ok
            ? TypedResults.NoContent()
            : ProductNotFound(isletmeId, productId);
    }

    public static async Task<Results<Ok<CacheInvalidationResponse>, ProblemHttpResult>> InvalidateCache(
        [FromRoute(Name = "isletme_id")] string isletmeId, IGrainFactory grains)
    {
        if (CheckBusinessId(isletmeId) is { } invalid)
        {
            return invalid;
        }

        var result = await grains.GetBusiness(isletmeId).InvalidateCaches();
        return result.BusinessFound
            ? TypedResults.Ok(new CacheInvalidationResponse(true, isletmeId, null, result.LlmEntriesRemoved, result.AnswerEntriesRemoved))
            : BusinessNotFound(isletmeId);
    }

    public static async Task<Results<Ok<CacheInvalidationResponse>, ProblemHttpResult>> InvalidateProductCache(
        [FromRoute(Name = "isletme_id")] string isletmeId, [FromRoute(Name = "product_id")] string productId, IGrainFactory grains)
    {
        if (CheckIds(isletmeId, productId) is { } invalid)
        {
            return invalid;
        }

        var result = await grains.GetBusiness(isletmeId).InvalidateProduct(productId);
        return result.BusinessFound
            ? TypedResults.Ok(new CacheInvalidationResponse(true, isletmeId, productId, result.LlmEntriesRemoved, result.AnswerEntriesRemoved))
            : BusinessNotFound(isletmeId);
    }

    public static async Task<Results<Ok<CacheStatisticsResponse>, ProblemHttpResult>> GetCacheStatistics(
        [FromRoute(Name = "isletme_id")] string isletmeId, IGrainFactory grains)
    {
        if (CheckBusinessId(isletmeId) is { } invalid)
        {
            return invalid;
        }

        return await grains.GetBusiness(isletmeId).GetCacheStatistics() is { } statistics
            ? TypedResults.Ok(new CacheStatisticsResponse(
                isletmeId,
                CacheCountersResponse.From(statistics.Llm),
                CacheCountersResponse.From(statistics.Answers),
                statistics.LlmCalls,
                statistics.LlmCallsSaved,
                statistics.CoalescedRequests,
                statistics.EstimatedTokensSaved,
                statistics.Settings))
            : BusinessNotFound(isletmeId);
    }

    internal static ProblemHttpResult? CheckBusinessId(string isletmeId) =>
        BusinessRules.CheckId(isletmeId) is { } problem ? Problems.Validation("isletme_id", problem) : null;

    internal static ProblemHttpResult BusinessNotFound(string isletmeId) =>
        Problems.NotFound("isletme_id", $"No business has the id '{isletmeId}'.");

    /// <summary>A 404 problem when no business has this id, for routes about something the business owns.</summary>
    internal static async Task<ProblemHttpResult?> RequireBusinessAsync(IGrainFactory grains, string isletmeId) =>
        await grains.GetBusiness(isletmeId).Get() is null ? BusinessNotFound(isletmeId) : null;

    private static ProblemHttpResult? CheckIds(string isletmeId, string productId)
    {
        var errors = new FieldErrors()
            .Check("isletme_id", BusinessRules.CheckId(isletmeId))
            .Check("product_id", BusinessRules.CheckId(productId));
        return errors.Any ? errors.ToProblem() : null;
    }

    private static ProblemHttpResult ProductNotFound(string isletmeId, string productId) =>
        Problems.NotFound("product_id", $"Business '{isletmeId}' has no product '{productId}' (or the business does not exist).");

    private static ImmutableSortedDictionary<string, string> CheckMeta(Dictionary<string, string>? meta, FieldErrors errors)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        if (meta is null)
        {
            return builder.ToImmutable();
        }

        if (meta.Count > BusinessRules.MaxMetaEntries)
        {
            errors.Check("meta_data", $"may have at most {BusinessRules.MaxMetaEntries} keys.");
        }

        foreach (var (key, value) in meta)
        {
            errors.Check($"meta_data.{key}", BusinessRules.CheckMetaKey(key) ?? BusinessRules.CheckMetaValue(value));
            builder[key] = value?.Trim() ?? "";
        }

        return builder.ToImmutable();
    }

    private static ImmutableArray<NewProduct> CheckProducts(CreateProductRequest[]? products, FieldErrors errors)
    {
        if (products is null)
        {
            return [];
        }

        if (products.Length > BusinessRules.MaxProductsPerCall)
        {
            errors.Check("products", $"may have at most {BusinessRules.MaxProductsPerCall} items.");
            return [];
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var result = ImmutableArray.CreateBuilder<NewProduct>(products.Length);
        for (var i = 0; i < products.Length; i++)
        {
            if (products[i] is not { } product)
            {
                errors.Check($"products[{i}]", "must be an object.");
                continue;
            }

            var checkedProduct = CheckProduct(product, $"products[{i}].", errors);
            if (checkedProduct.Id is { } id && !ids.Add(id))
            {
                errors.Check($"products[{i}].id", "is used twice.");
            }

            result.Add(checkedProduct);
        }

        return result.ToImmutable();
    }

    private static NewProduct CheckProduct(CreateProductRequest product, string prefix, FieldErrors errors)
    {
        errors
            .Check(prefix + "id", product.Id is null ? null : BusinessRules.CheckId(product.Id))
            .Check(prefix + "name", BusinessRules.CheckName(product.Name))
            .Check(prefix + "price", product.Price is { } price ? BusinessRules.CheckPrice(price) : "is required.")
            .Check(prefix + "stock_quantity", product.StockQuantity is { } stock ? BusinessRules.CheckStock(stock) : "is required.");
        return new NewProduct(product.Id, product.Name?.Trim() ?? "", product.Price ?? 0, product.StockQuantity ?? 0);
    }

    /// <summary>An optional whole-number query value within bounds; a problem is recorded under <paramref name="field"/>.</summary>
    internal static int ParseInt(string? text, string field, int fallback, int min, int max, FieldErrors errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            errors.Check(field, $"must be a whole number between {min} and {max}.");
            return fallback;
        }

        return value;
    }
}
