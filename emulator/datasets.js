'use strict';
/**
 * Static catalogue of datasets and system queries, generated once from the public Partner Center docs
 * by emulator/tools/build-datasets.js, then committed; the emulator never reads the docs at run time.
 * A page named below (e.g. analytics-system-queries.md) is
 * https://learn.microsoft.com/en-us/partner-center/insights/<name without .md>.
 *
 * - Column lists are the union of: the ScheduledDataset examples of the first-API-call pages, the SELECT lists of
 *   the documented system queries, the column tables of mpn/insights-data-definitions.md (names with
 *   spaces removed, only identifier-like names kept) and columns used by the documented sample queries,
 *   de-duplicated case-insensitively ("The specification is completely case insensitive",
 *   analytics-custom-query-specification.md). Every documented system/sample query therefore validates.
 * - Which names are metrics is documented only for ISVOrder (none), ISVUsage, DynamicsUsage and
 *   OfficeUsage; elsewhere the split is [inferred] from sample queries.
 * - availableDateRanges: analytics-make-your-first-api-call (v1.1 text, ISVOrder) and
 *   insights-programmatic-first-api-call (DynamicsUsage).
 * - minimumRecurrenceInterval: cmp 1 (analytics-make-your-first-api-call: only its v1.1 text shows it), mpn 24
 *   (insights-programmatic-first-api-call DynamicsUsage, insights-programmatic-custom-query.md OfficeUsage);
 *   other mpn datasets use 24 [inferred].
 * - ISVLicense / ISVVMImageVersion (listed in the v1.1 text of analytics-make-your-first-api-call) are left
 *   out: no column list was found.
 */

/** Commercial marketplace (cmp) datasets, shared by /insights/v1/cmp and /insights/v1.1/cmp. */
const CMP_DATASETS = [
	// Sources: analytics-make-your-first-api-call (ScheduledDataset examples of the v1.1 and v1 texts), analytics-system-queries (Orders query)
	{
		datasetName: 'ISVOrder',
		selectableColumns: [
			'MarketplaceSubscriptionId', 'MonthStartDate', 'OfferType', 'AzureLicenseType',
			'MarketplaceLicenseType', 'SKU', 'CustomerCountry', 'IsPreviewSKU', 'AssetId', 'Quantity',
			'CloudInstanceName', 'IsNewCustomer', 'OrderStatus', 'OrderCancelDate', 'CustomerCompanyName',
			'OrderPurchaseDate', 'OfferName', 'IsPrivateOffer', 'TermStartDate', 'TermEndDate',
			'PurchaseRecordId', 'PurchaseRecordLineItemId', 'BilledRevenue', 'Currency', 'HasTrial', 'IsTrial',
			'TrialEndDate', 'OrderAction', 'QuantityChanged', 'EventTimestamp', 'CustomerId', 'BillingAccountId',
			'PlanId', 'BillingTerm', 'BillingPlan', 'ReferenceId', 'AutoRenew', 'OrderVersion', 'ListPriceUSD',
			'DiscountPriceUSD', 'IsPrivatePlan', 'OfferId', 'PrivateOfferId', 'PrivateOfferName', 'BillingId',
			'Version', 'CustomerAdjustmentUSD', 'MultiParty', 'PartnerInfo', 'OrderId', 'OrderQuantity',
			'CustomerName',
		],
		availableMetrics: [],
		availableDateRanges: ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_1_YEAR', 'LIFETIME'],
		minimumRecurrenceInterval: 1,
	},
	// Sources: cmp/analytics-system-queries.md (OrdersV2 query SELECT list)
	{
		datasetName: 'ISVOrderV2',
		selectableColumns: [
			'MarketplaceSubscriptionId', 'MonthStartDate', 'OfferType', 'AzureLicenseType',
			'MarketplaceLicenseType', 'Sku', 'CustomerCountry', 'IsPreviewSKU', 'OrderId', 'OrderQuantity',
			'CloudInstanceName', 'IsNewCustomer', 'OrderStatus', 'OrderCancelDate', 'CustomerCompanyName',
			'CustomerName', 'OrderPurchaseDate', 'OfferName', 'TrialEndDate', 'CustomerId', 'BillingAccountId',
			'TermStartDate', 'TermEndDate', 'PurchaseRecordId', 'PurchaseRecordLineItemId', 'HasTrial',
			'IsTrialDeployment', 'estimatedcharges',
		],
		availableMetrics: [],
		availableDateRanges: ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_1_YEAR', 'LIFETIME'],
		minimumRecurrenceInterval: 1,
	},
	// Sources: cmp/analytics-system-queries.md (usage queries), cmp/analytics-custom-query-specification.md (ISVUsage example: metrics NormalizedUsage, RawUsage, EstimatedExtendedChargeCC), cmp/analytics-sample-queries.md (IsPrivateOffer)
	{
		datasetName: 'ISVUsage',
		selectableColumns: [
			'MarketplaceSubscriptionId', 'MonthStartDate', 'OfferType', 'AzureLicenseType',
			'MarketplaceLicenseType', 'SKU', 'CustomerCountry', 'IsPreviewSKU', 'SKUBillingType', 'IsInternal',
			'VMSize', 'CloudInstanceName', 'ServicePlanName', 'OfferName', 'DeploymentMethod', 'CustomerName',
			'CustomerCompanyName', 'UsageDate', 'IsNewCustomer', 'CoreSize', 'TrialEndDate',
			'CustomerCurrencyCC', 'PriceCC', 'PayoutCurrencyPC', 'EstimatedPricePC', 'UsageReference',
			'UsageUnit', 'CustomerId', 'BillingAccountId', 'IsPrivateOffer',
		],
		availableMetrics: [
			'NormalizedUsage', 'RawUsage', 'MeteredUsage', 'EstimatedExtendedChargeCC',
			'EstimatedExtendedChargePC',
		],
		availableDateRanges: ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_1_YEAR', 'LIFETIME'],
		minimumRecurrenceInterval: 1,
	},
	// Sources: cmp/analytics-system-queries.md (Customers query), cmp/analytics-sample-queries.md (IsActive filter)
	{
		datasetName: 'ISVCustomer',
		selectableColumns: [
			'MarketplaceSubscriptionId', 'DateAcquired', 'DateLost', 'ProviderName', 'ProviderEmail',
			'FirstName', 'LastName', 'Email', 'CustomerCompanyName', 'CustomerCity', 'CustomerPostalCode',
			'CustomerCommunicationCulture', 'CustomerCountryRegion', 'AzureLicenseType', 'PromotionalCustomers',
			'CustomerState', 'CommerceRootCustomer', 'CustomerId', 'BillingAccountId', 'ID', 'IsActive',
		],
		availableMetrics: [],
		availableDateRanges: ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_1_YEAR', 'LIFETIME'],
		minimumRecurrenceInterval: 1,
	},
	// Sources: cmp/analytics-system-queries.md (Marketplace insights query); metric split [inferred]
	{
		datasetName: 'ISVMarketplaceInsights',
		selectableColumns: [
			'Date', 'OfferName', 'ReferralDomain', 'CountryName',
		],
		availableMetrics: [
			'PageVisits', 'GetItNow', 'ContactMe', 'TestDrive', 'FreeTrial',
		],
		availableDateRanges: ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_1_YEAR', 'LIFETIME'],
		minimumRecurrenceInterval: 1,
	},
	// Sources: cmp/analytics-system-queries.md (Revenue query), cmp/analytics-sample-queries.md
	{
		datasetName: 'ISVRevenue',
		selectableColumns: [
			'AssetId', 'SalesChannel', 'BillingAccountId', 'CustomerCity', 'CustomerCompanyName',
			'CustomerCountry', 'CustomerEmail', 'CustomerId', 'CustomerName', 'CustomerState', 'EarningAmountCC',
			'EarningAmountPC', 'EarningAmountUSD', 'EarningCurrencyCode', 'EarningExchangeRatePC',
			'EstimatedPayoutMonth', 'Revenue', 'EstimatedRevenuePC', 'EstimatedRevenueUSD', 'ExchangeRateDate',
			'ExchangeRatePC', 'ExchangeRateUSD', 'PayoutStatus', 'IncentiveRate', 'TrialDeployment',
			'LineItemId', 'MonthStartDate', 'OfferName', 'OfferType', 'PaymentInstrumentType', 'PaymentSentDate',
			'PurchaseRecordId', 'Quantity', 'SKU', 'TermEndDate', 'TermStartDate', 'TransactionAmountCC',
			'TransactionAmountPC', 'TransactionAmountUSD', 'BillingModel', 'Units',
		],
		availableMetrics: [],
		availableDateRanges: ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_1_YEAR', 'LIFETIME'],
		minimumRecurrenceInterval: 1,
	},
	// Sources: cmp/analytics-system-queries.md (Quality of service query)
	{
		datasetName: 'ISVQualityOfService',
		selectableColumns: [
			'OfferId', 'Sku', 'DeploymentStatus', 'DeploymentCorrelationId', 'SubscriptionId',
			'CustomerTenantId', 'CustomerName', 'TemplateType', 'StartTime', 'EndTime',
			'DeploymentDurationInMilliSeconds', 'DeploymentRegion', 'ResourceProvider', 'ResourceUri',
			'ResourceGroup', 'ResourceType', 'ResourceName', 'ErrorCode', 'ErrorName', 'ErrorMessage',
			'DeepErrorCode', 'DeepErrorMessage',
		],
		availableMetrics: [],
		availableDateRanges: ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_1_YEAR', 'LIFETIME'],
		minimumRecurrenceInterval: 1,
	},
	// Sources: cmp/analytics-system-queries.md (Customer retention query)
	{
		datasetName: 'ISVOfferRetention',
		selectableColumns: [
			'OfferCategory', 'OfferName', 'ProductId', 'DeploymentMethod', 'ServicePlanName', 'Sku',
			'SkuBillingType', 'CustomerId', 'CustomerName', 'CustomerCompanyName', 'CustomerCountryName',
			'CustomerCountryCode', 'CustomerCurrencyCode', 'FirstUsageDate', 'AzureLicenseType', 'OfferType',
			'Offset',
		],
		availableMetrics: [],
		availableDateRanges: ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_1_YEAR', 'LIFETIME'],
		minimumRecurrenceInterval: 1,
	},
];

/** Partner insights (mpn) datasets: the 20 names of insights-programmatic-first-api-call + CloudProductsResellerPerformance (system query). */
const MPN_DATASETS = [
	// Sources: mpn system query 6664daf3, insights-data-definitions.md "Customer details report"
	{
		datasetName: 'CustomersAndTenants',
		selectableColumns: [
			'PGAMpnId', 'MpnId', 'PartnerName', 'CustomerName', 'CustomerTpid', 'DUNSNumber', 'CustomerSegment',
			'TopSegment', 'CustomerMarket', 'CustomerStatus', 'CustomerTenantId', 'CustomerTenantName',
			'CustomerTenantCountry', 'TenantDomainName', 'Product', 'RawProductName', 'ProductPartNumber', 'SKU',
			'Month', 'PartnerLocation', 'PartnerAttributionType', 'SalesChannel', 'IsDuplicateRowForPGA',
			'AvailableSeats', 'BilledRevenueUSD', 'AzureConsumedRevenueUSD', 'RevenueUSD',
		],
		availableMetrics: [],
		availableDateRanges: ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_1_YEAR', 'LIFETIME'],
		minimumRecurrenceInterval: 24,
	},
	// Sources: mpn system query c9fc1c79, data definitions "Subscription details report", sample queries (SubscriptionCount, CustomerCount) [metric split inferred]
	{
		datasetName: 'SeatsSubscriptionsAndRevenue',
		selectableColumns: [
			'PGAMpnId', 'MpnId', 'SubscriptionId', 'SubscriptionStartDate', 'SubscriptionEndDate',
			'SubscriptionState', 'month', 'IsAutoRenew', 'CustomerName', 'CustomerTenantId', 'CustomerTpid',
			'DUNSNumber', 'CustomerSegment', 'TopSegment', 'CustomerMarket', 'ProductFamily',
			'ReportingProductName', 'Product', 'RawProductName', 'ProductPartNumber', 'SKU',
			'RevSumDivisionName', 'PartnerName', 'SolutionArea', 'PartnerLocation', 'PartnerAttributionType',
			'SalesChannel', 'PricingLevel', 'EnrollmentNumber', 'IsDuplicateRowForPGA', 'SubscriptionStartMonth',
			'BilledRevenueUSD', 'AzureConsumedRevenueUSD', 'AvailableSeats', 'RevenueUSD', 'EnrollmentID',
		],
		availableMetrics: [
			'SubscriptionCount', 'CustomerCount', 'TotalSoldSeats', 'TotalAssignedSeats',
		],
		availableDateRanges: ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_1_YEAR', 'LIFETIME'],
		minimumRecurrenceInterval: 24,
	},
	// Sources: mpn system query d1a4d75e, data definitions "Azure usage report" [TotalACR as metric inferred]
	{
		datasetName: 'AzureUsage',
		selectableColumns: [
			'PGAMpnId', 'SubscriptionId', 'SubscriptionStartDate', 'SubscriptionEndDate', 'FirstUseDate',
			'SubscriptionState', 'Month', 'ServiceName', 'MeterCategory', 'UsageUnits', 'UsageQuantity',
			'CustomerName', 'CustomerTenantId', 'CustomerTpid', 'CustomerSegment', 'CustomerMarket', 'MpnId',
			'PartnerName', 'PartnerLocation', 'PartnerAttributionType', 'SalesChannel', 'EnrollmentNumber',
			'IsACRDuplicateAtPGALevel', 'ResellerID', 'ResellerName', 'MonthlySubscriptionLevelACR', 'ACR_USD',
			'EnrollmentID',
		],
		availableMetrics: [
			'TotalACR',
		],
		availableDateRanges: ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_1_YEAR', 'LIFETIME'],
		minimumRecurrenceInterval: 24,
	},
	// Sources: mpn system query 0e06c7c3, data definitions "Microsoft Learn report"
	{
		datasetName: 'MSLearn',
		selectableColumns: [
			'UserName', 'UserId', 'TrainingName', 'TrainingType', 'Products', 'Roles', 'CompletionDate', 'MPNId',
			'PartnerName', 'CustomerMarket', 'Country',
		],
		availableMetrics: [],
		availableDateRanges: ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_1_YEAR', 'LIFETIME'],
		minimumRecurrenceInterval: 24,
	},
	// Sources: mpn/insights-programmatic-custom-query.md (OfficeUsage dataset JSON), system query d8349f7b
	{
		datasetName: 'OfficeUsage',
		selectableColumns: [
			'CustomerTenantId', 'CustomerTpid', 'WorkloadName', 'Month', 'PaidAvailableUnits',
			'MonthlyActiveUsers', 'CustomerName', 'CustomerMarket', 'CustomerSegment', 'MPNId', 'PartnerName',
			'PartnerLocation', 'PartnerAttributionType', 'IsDuplicateRowForPGA',
		],
		availableMetrics: [
			'CustomerCount', 'CustomerTenantCount', 'TotalPaidAvailableUnits', 'TotalMonthlyActiveUsers',
		],
		availableDateRanges: ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_1_YEAR', 'LIFETIME'],
		minimumRecurrenceInterval: 24,
	},
	// Sources: mpn system query e65f3a4f, data definitions "Partner profile report", sample queries (PGAMpnId)
	{
		datasetName: 'Profile',
		selectableColumns: [
			'MPNId', 'PartnerName', 'PGA_MPNId', 'PGA_PartnerName', 'City', 'Country', 'HierarchyLevel',
			'PGAMpnId',
		],
		availableMetrics: [],
		availableDateRanges: ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_1_YEAR', 'LIFETIME'],
		minimumRecurrenceInterval: 24,
	},
	// Sources: mpn system query 20f5da57, data definitions "Training details report"
	{
		datasetName: 'TrainingCompletions',
		selectableColumns: [
			'TrainingActivityId', 'TrainingTitle', 'TrainingType', 'AADUserId', 'TrainingCompletionDate',
			'Month', 'IcMCP', 'MCPID', 'MPNId', 'PartnerName', 'PartnerCityLocation', 'PartnerCountryLocation',
			'IndividualFirstName', 'IndividualLastName', 'Email', 'CorpEmail',
		],
		availableMetrics: [],
		availableDateRanges: ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_1_YEAR', 'LIFETIME'],
		minimumRecurrenceInterval: 24,
	},
	// Sources: insights-programmatic-first-api-call (DynamicsUsage dataset JSON incl. minimumRecurrenceInterval 24, text of 2022)
	{
		datasetName: 'DynamicsUsage',
		selectableColumns: [
			'PGAMpnId', 'SubscriptionId', 'SubscriptionStartDate', 'SubscriptionEndDate', 'SubscriptionStatus',
			'Month', 'RevSumDivisionName', 'RevSumCategoryName', 'SKU', 'SKUId', 'FreeVsPaidSKU', 'SalesModel',
			'DetailedSalesModel', 'CustomerName', 'CustomerTenantId', 'CustomerTpid', 'CustomerSegment',
			'CustomerMarket', 'MPNId', 'PartnerName', 'PartnerLocation', 'PartnerAttachType', 'AvailableSeats',
			'AssignedSeats', 'ActiveSeats', 'DeploymentOpportunity', 'ActiveUsagePercent',
		],
		availableMetrics: [
			'SubscriptionCount', 'TotalAssignedSeats', 'TotalSoldSeats', 'TotalActiveSeats',
			'TotalRevenueAndACR', 'CustomerCount', 'CustomerTenantCount',
		],
		availableDateRanges: ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_1_YEAR', 'LIFETIME'],
		minimumRecurrenceInterval: 24,
	},
	// Sources: mpn system query fddab2aa, data definitions
	{
		datasetName: 'CompetencySummaryHistory',
		selectableColumns: [
			'CompetencyName', 'CompetencyLevel', 'CompetencyStatus', 'CompetencyStartDate', 'CompetencyEndDate',
		],
		availableMetrics: [],
		availableDateRanges: ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_1_YEAR', 'LIFETIME'],
		minimumRecurrenceInterval: 24,
	},
	// Sources: mpn system query 40ebfe2f, data definitions
	{
		datasetName: 'PowerBIUsage',
		selectableColumns: [
			'SubscriptionId', 'SubscriptionStartDate', 'SubscriptionEndDate', 'SubscriptionStatus', 'Month',
			'SKU', 'SKUId', 'FreeVsPaidSKU', 'SalesModel', 'DetailedSalesModel', 'CustomerName',
			'CustomerTenantId', 'CustomerTpid', 'CustomerSegment', 'CustomerMarket', 'MPNId', 'PartnerName',
			'PartnerLocation', 'PartnerAttachType', 'PartnerHierarchy', 'AvailableSeats', 'AssignedSeats',
			'ActiveSeats', 'DeploymentOpportunity', 'ActiveUsagePercent',
		],
		availableMetrics: [],
		availableDateRanges: ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_1_YEAR', 'LIFETIME'],
		minimumRecurrenceInterval: 24,
	},
	// Sources: mpn system query d7f20ea4, data definitions
	{
		datasetName: 'EMSUsage',
		selectableColumns: [
			'SubscriptionId', 'SubscriptionStartDate', 'SubscriptionEndDate', 'SubscriptionStatus', 'Month',
			'SKU', 'SKUId', 'FreeVsPaidSKU', 'SalesModel', 'DetailedSalesModel', 'CustomerName',
			'CustomerTenantId', 'CustomerTpid', 'CustomerSegment', 'CustomerMarket', 'MPNId', 'PartnerName',
			'PartnerLocation', 'PartnerAttachType', 'PartnerHierarchy', 'PaidAvailableUnits',
			'MonthlyActiveUsers', 'AADPPaidAvailableUnits', 'IntunePaidAvailableUnits', 'AzipPaidAvailableUnits',
			'AADPMonthlyActiveUsers', 'IntuneMonthlyActiveUsers', 'AzipMonthlyActiveUsers', 'WorkloadName',
			'PartnerAttributionType',
		],
		availableMetrics: [],
		availableDateRanges: ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_1_YEAR', 'LIFETIME'],
		minimumRecurrenceInterval: 24,
	},
	// Sources: mpn system query 3a0e1adc (dataset name spelled as documented), data definitions
	{
		datasetName: 'CompetencyPeformanceRequirement',
		selectableColumns: [
			'CompetencyName', 'CompetencyAttainmentOptionName', 'Month', 'MetricName',
			'MetricMonthlyContribution', 'TTMAggregate', 'AnniversaryYearAggregate', 'GoldThreshold',
			'SilverThreshold',
		],
		availableMetrics: [],
		availableDateRanges: ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_1_YEAR', 'LIFETIME'],
		minimumRecurrenceInterval: 24,
	},
	// Sources: data definitions "Reseller performance report", mpn sample queries (metrics)
	{
		datasetName: 'ResellerPerformance',
		selectableColumns: [
			'ResellerMPNid', 'ResellerName', 'ResellerMarket', 'IndirectProviderMPNId', 'IndirectProviderName',
			'Month', 'Product', 'SubscriptionID', 'AvailableSeats', 'AssignedSeats', 'BilledRevenueUSD',
			'CustomerName', 'CustomerTPid', 'CustomerSegment', 'CustomerMarket', 'ResellerStatus',
		],
		availableMetrics: [
			'CustomerCount', 'SubscriptionCount', 'TotalAvailableSeats', 'TotalAssignedSeats', 'TotalRevenue',
		],
		availableDateRanges: ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_1_YEAR', 'LIFETIME'],
		minimumRecurrenceInterval: 24,
	},
	// Sources: mpn system query c09c2eda, data definitions "Reseller performance report"
	{
		datasetName: 'CloudProductsResellerPerformance',
		selectableColumns: [
			'ResellerMpnid', 'ResellerName', 'ResellerMarket', 'IndirectProviderMPNId', 'IndirectProviderName',
			'Month', 'Product', 'SubscriptionID', 'AvailableSeats', 'AssignedSeats', 'BilledRevenueUSD',
			'CustomerName', 'CustomerTPid', 'CustomerSegment', 'CustomerMarket', 'ResellerStatus',
		],
		availableMetrics: [],
		availableDateRanges: ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_1_YEAR', 'LIFETIME'],
		minimumRecurrenceInterval: 24,
	},
	// Sources: mpn system query c4fc87ac, data definitions
	{
		datasetName: 'CLASAgreementRenewalsPropensity',
		selectableColumns: [
			'MPNID', 'PartnerName', 'CustomerID', 'DUNSNumber', 'AccountName', 'Domain', 'OrgSize', 'Industry',
			'Vertical', 'Area', 'Subsidiary', 'SalesTerritory', 'City', 'State', 'PostalCode', 'Country',
			'Segment', 'SubSegment', 'SMCTypeSummary', 'TopUnmanagedComputeBase', 'TopUnmanagedUserBase',
			'IsNonProfit', 'HasGoogle', 'HasAWS', 'AzureCluster', 'D365FOCluster', 'D365CECluster',
			'D365BCCluster', 'M365Cluster', 'LicenseProgram', 'AgreementID', 'AgreementEndDate',
			'ExpirationType', 'ExpiringRevenue', 'HasEA', 'HasOpen', 'AzureUpsellCustomer', 'M365UpsellCustomer',
			'RevSumDivisionName', 'Microsoft365Cluster', 'Microsoft365Upsellcustomer',
		],
		availableMetrics: [],
		availableDateRanges: ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_1_YEAR', 'LIFETIME'],
		minimumRecurrenceInterval: 24,
	},
	// Sources: mpn system query 9a18bd70, data definitions
	{
		datasetName: 'CLASAzurePropensity',
		selectableColumns: [
			'MPNID', 'PartnerName', 'CustomerID', 'DUNSNumber', 'AccountName', 'Domain', 'OrgSize', 'Industry',
			'Vertical', 'Area', 'Subsidiary', 'SalesTerritory', 'City', 'State', 'PostalCode', 'Country',
			'Segment', 'SubSegment', 'SMCTypeSummary', 'TopUnmanagedComputeBase', 'TopUnmanagedUserBase',
			'IsNonProfit', 'MigrateEOSWinServerWithCLASPropensityAbove5Licenses',
			'MigrateEOSWinServerWithCLASPropensityBelow5Licenses',
			'MigrateEOSWinServerWithoutCLASPropensityAbove5Licenses',
			'MigrateEOSWinServerWithoutCLASPropensityBelow5Licenses',
			'MigrateEOSSQLWithCLASPropensityAbove5Licenses', 'MigrateEOSSQLWithCLASPropensityBelow5Licenses',
			'MigrateEOSSQLWithoutCLASPropensityAbove5Licenses',
			'MigrateEOSSQLWithoutCLASPropensityBelow5Licenses',
			'MigrateOnPremWinServerCurrentWindowsServerWithCLASPropensityAbove5Licenses',
			'MigrateOnPremWinServerCurrentWindowsServerWithCLASPropensityBelow5Licenses',
			'MigrateOnPremWinServerCurrentWindowsServerWithoutCLASPropensityAbove5Licenses',
			'MigrateOnPremWinServerCurrentWindowsServerIBWithoutCLASPropensityBelow5Licenses',
			'MigrateToAzureSQLOrSQLVMsCurrentSQLServerWithCLASPropensityAbove5Licenses',
			'MigrateToAzureSQLOrSQLVMsCurrentSQLServerWithCLASPropensityBelow5Licenses',
			'MigrateToAzureSQLOrSQLVMsCurrentSQLServerWithoutCLASPropensityAbove5Licenses',
			'MigrateToAzureSQLOrSQLVMsCurrentSQLServerWithoutCLASPropensityBelow5Licenses',
			'MigrateOSSMigrateToOSSDB', 'MigrateOSSLinuxOnAzure', 'MigrateSAPOnAzure', 'MigrateWVDRDSIB',
			'MigrateWVDCrossSellModernWorkToAzureWVD', 'MigrateVMWareIB', 'MigrateCitrixIB',
			'InnovateAnalyticsPowerBIIBWithHighAzurepropensity', 'EnableDevOpsWithGitHubVisualStudioMSDNIB',
			'WinServerStandardVersion', 'WinServerStandardLicense', 'WinServerDataCenterVersion',
			'WinServerDataCenterLicense', 'AzureFit', 'AzureIntent', 'AzureCluster',
			'WindowsServerDataCenter_HasOpenRenewal', 'WindowsServerStandard_HasOpenRenewal',
			'AzureUpsellCustomer', 'HasGoogle', 'HasAWS', 'HasEA', 'HasOpen', 'WindowsServerStandardversion',
			'WindowsServerStandardlicense', 'WindowsServerDataCenterversion', 'WindowsServerDataCenterLicense',
		],
		availableMetrics: [],
		availableDateRanges: ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_1_YEAR', 'LIFETIME'],
		minimumRecurrenceInterval: 24,
	},
	// Sources: mpn system query 258fdcac, data definitions
	{
		datasetName: 'CLASD365Propensity',
		selectableColumns: [
			'MPNID', 'PartnerName', 'CustomerID', 'DUNSNumber', 'AccountName', 'Domain', 'OrgSize', 'Industry',
			'Vertical', 'Area', 'Subsidiary', 'SalesTerritory', 'City', 'State', 'PostalCode', 'Country',
			'Segment', 'SubSegment', 'SMCTypeSummary', 'TopUnmanagedComputeBase', 'TopUnmanagedUserBase',
			'IsNonProfit', 'ActivateDigitalSellingM365SeatSizeAbove25SeatsSalesProPropensityModel',
			'ActivateDigitalSellingD365SalesProPropensityActNowOrEvaluate',
			'ManagingFinancialRiskAndFraudDynamicsOnPremInstallBaseNavisionBCPropensityModel',
			'ManagingFinancialRiskAndFraudDynamicsOnPremInstallBaseAXFAndOPropensityModel',
			'ManagingFinancialRiskAndFraudDynamicsOnPremInstallBaseGreatPlainsBCPropensityModel',
			'ManagingFinancialRiskAndFraudDynamicsOnPremInstallBaseSolomonBCPropensityModel',
			'ManagingFinancialRiskAndFraudDynamicsOnPremInstallBaseOthersBCPropensityModel',
			'ManagingFinancialRiskAndFraudNewCustomerAcquisitionFAndOPropensityModel',
			'ManagingFinancialRiskAndFraudNewCustomerAcquisitionBCPropensityModel',
			'BuildAgileBusinessProcessesDynamicsOnPremInstallBaseAXGPSLNAVOtherD365PropensityModel',
			'BuildAgileBusinessProcessesDynamicsCompeteBaseMendixOutsystemsSalesforceD365PropensityModel',
			'BuildAgileBusinessProcessesD365FAndOInstallBase', 'BuildAgileBusinessProcessesD365BCInstallBase',
			'BuildAgileBusinessProcessesD365CEInstallBase',
			'BuildaResilientSupplyChainWinandActivateFirstD365WorkloadasD365SupplyChainwithNonOracleSAPERPCustomers',
			'BuildaResilientSupplyChainCrossSellD365SupplyChainANDORRetailCommercetoExistingD365CECustomers',
			'BuildaResilientSupplyChainCrossSellD365SupChainANDORRetailCommercetoD365CEANDOracleORSAP',
			'D365BCCluster', 'D365BCFit', 'D365BCIntent', 'D365FOCluster', 'D365FOFit', 'D365FOIntent',
			'D365CECluster', 'D365CEFit', 'D365CEIntent', 'DynamicsOnPremAXorCRM_HasOpenRenewal',
			'M365UpsellCustomer', 'HasGoogle', 'HasAWS', 'HasEA', 'HasOpen',
		],
		availableMetrics: [],
		availableDateRanges: ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_1_YEAR', 'LIFETIME'],
		minimumRecurrenceInterval: 24,
	},
	// Sources: mpn system query fbe00e32, data definitions
	{
		datasetName: 'CLASM365Propensity',
		selectableColumns: [
			'MPNID', 'PartnerName', 'CustomerID', 'DUNSNumber', 'AccountName', 'Domain', 'OrgSize', 'Industry',
			'Vertical', 'Area', 'Subsidiary', 'SalesTerritory', 'City', 'State', 'PostalCode', 'Country',
			'Segment', 'SubSegment', 'SMCTypeSummary', 'TopUnmanagedComputeBase', 'TopUnmanagedUserBase',
			'IsNonProfit', 'EnableRemoteWorkTargetExchangeOnline',
			'EnableRemoteWorkOnPremAcquisitionCurrentVersionwithCLASPropensityAbove10Licenses',
			'EnableRemoteWorkOnPremAcquisitionCurrentVersionwithCLASPropensityBelow10Licenses',
			'EnableRemoteWorkOnPremAcquisitionCurrentVersionwithoutCLASPropensityAbove10Licenses',
			'EnableRemoteWorkOnPremAcquisitionCurrentVersionwithoutCLASPropensityBelow10Licenses',
			'EnableRemoteWorkOnPremAcquisitionEOSwithCLASPropensityAbove10Licenses',
			'EnableRemoteWorkOnPremAcquisitionEOSwithCLASPropensityBelow10Licenses',
			'EnableRemoteWorkOnPremAcquisitionEOSwithoutCLASPropensityAbove10Licenses',
			'EnableRemoteWorkOnPremAcquisitionEOSwithoutCLASPropensityBelow10Licenses',
			'EnableRemoteWorkHighPropensityProspectforM365ActNowEvaluate', 'EnableRemoteWorkCompeteZoomwithM365',
			'EnableRemoteWorkCompeteZoomwithoutM365', 'ReduceCostandManageM365E3targetedforM365E5',
			'ReduceCostandManageM365BBandBScustomerstargetedforM365BP',
			'TransformOrganizationalProductivitySurfacePropensity', 'M365Cluster', 'M365Fit', 'M365Intent',
			'SurfaceCluster', 'SurfaceFit', 'SurfaceIntent', 'O365Cluster', 'O365Fit', 'O365Intent',
			'M365UpsellCustomer', 'HasGoogle', 'HasAWS', 'HasEA', 'HasOpen',
		],
		availableMetrics: [],
		availableDateRanges: ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_1_YEAR', 'LIFETIME'],
		minimumRecurrenceInterval: 24,
	},
	// Sources: mpn system query 42d287be, data definitions
	{
		datasetName: 'TeamsUsage3PApps',
		selectableColumns: [
			'CustomerId', 'CustomerTenantId', 'CustomerName', 'CustomerCountry', 'DateKey', 'AppName',
			'UserCount', 'CustomerTpid', 'Month',
		],
		availableMetrics: [],
		availableDateRanges: ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_1_YEAR', 'LIFETIME'],
		minimumRecurrenceInterval: 24,
	},
	// Sources: mpn system query 817fe875, data definitions
	{
		datasetName: 'TeamsUsageWorkload',
		selectableColumns: [
			'CustomerId', 'CustomerTenantId', 'MonthKey', 'SubWorkload', 'DesktopUsers', 'WebUsers',
			'MobileUsers', 'AllUpPartiticipants', 'CustomerTpid', 'Month', 'AllUpParticipants',
		],
		availableMetrics: [],
		availableDateRanges: ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_1_YEAR', 'LIFETIME'],
		minimumRecurrenceInterval: 24,
	},
	// Sources: mpn system query b7bd73a8, data definitions
	{
		datasetName: 'TeamsUsageMeetingsAndCalls',
		selectableColumns: [
			'CustomerId', 'CustomerTenantId', 'DateKey', 'SubWorkload', 'MeetingCount', 'MeetingDuration',
			'CustomerTpid', 'Month',
		],
		availableMetrics: [],
		availableDateRanges: ['LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_1_YEAR', 'LIFETIME'],
		minimumRecurrenceInterval: 24,
	},
];

/**
 * cmp system queries, verbatim from cmp/analytics-system-queries.md (03/30/2022). The quality-of-service
 * QueryId is not a valid GUID in the docs; it is kept as documented. Names are [inferred] (not documented).
 */
const CMP_SYSTEM_QUERIES = [
	{
		queryId: 'b9df4929-073f-4795-b0cb-a2c81b11e28d',
		name: 'Customers',
		description: 'Customers report for the last 6M',
		query:
			'SELECT MarketplaceSubscriptionId,DateAcquired,DateLost,ProviderName,ProviderEmail,FirstName,LastName,Email,CustomerCompanyName,CustomerCity,CustomerPostalCode,CustomerCommunicationCulture,CustomerCountryRegion,AzureLicenseType,PromotionalCustomers,CustomerState,CommerceRootCustomer,CustomerId,BillingAccountId,ID FROM ISVCustomer TIMESPAN LAST_6_MONTHS',
	},
	{
		queryId: 'fd0f299c-5a1c-4929-9f48-bfc6cc44355d',
		name: 'Orders',
		description: 'Orders report for the last 6M',
		query:
			'SELECT MarketplaceSubscriptionId,MonthStartDate,OfferType,AzureLicenseType,MarketplaceLicenseType,Sku,CustomerCountry,IsPreviewSKU,OrderId,OrderQuantity,CloudInstanceName,IsNewCustomer,OrderStatus,OrderCancelDate,CustomerCompanyName,CustomerName,OrderPurchaseDate,OfferName,TrialEndDate,CustomerId,BillingAccountId FROM ISVOrder TIMESPAN LAST_6_MONTHS',
	},
	{
		queryId: 'bd1b0cc1-ce45-4578-beba-6fe5a69fd421',
		name: 'OrdersV2',
		description: 'OrdersV2 report for the last 6M',
		query:
			'SELECT MarketplaceSubscriptionId,MonthStartDate,OfferType,AzureLicenseType,MarketplaceLicenseType,Sku,CustomerCountry,IsPreviewSKU,OrderId,OrderQuantity,CloudInstanceName,IsNewCustomer,OrderStatus,OrderCancelDate,CustomerCompanyName,CustomerName,OrderPurchaseDate,OfferName,TrialEndDate,CustomerId,BillingAccountId,TermStartDate,TermEndDate,PurchaseRecordId,PurchaseRecordLineItemId,HasTrial,IsTrialDeployment,estimatedcharges FROM ISVOrderV2 TIMESPAN LAST_6_MONTHS',
	},
	{
		queryId: '2c6f384b-ad52-4aed-965f-32bfa09b3778',
		name: 'VMNormalizedUsage',
		description: 'VM Normalized usage report for the last 6M',
		query:
			'SELECT MarketplaceSubscriptionId,MonthStartDate,OfferType,AzureLicenseType,MarketplaceLicenseType,SKU,CustomerCountry,IsPreviewSKU,SKUBillingType,IsInternal,VMSize,CloudInstanceName,ServicePlanName,OfferName,DeploymentMethod,CustomerName,CustomerCompanyName,UsageDate,IsNewCustomer,CoreSize,TrialEndDate,CustomerCurrencyCC,PriceCC,PayoutCurrencyPC,EstimatedPricePC,UsageReference,UsageUnit,CustomerId,BillingAccountId,NormalizedUsage,EstimatedExtendedChargeCC,EstimatedExtendedChargePC FROM ISVUsage WHERE OfferType IN (\'vm core image\',\'Virtual Machine Licenses\',\'multisolution\') TIMESPAN LAST_6_MONTHS',
	},
	{
		queryId: '3f19fb95-5bc4-4ee0-872e-cedd22578512',
		name: 'VMRawUsage',
		description: 'VM Raw usage report for the last 6M',
		query:
			'SELECT MarketplaceSubscriptionId,MonthStartDate,OfferType,AzureLicenseType,MarketplaceLicenseType,SKU,CustomerCountry,IsPreviewSKU,SKUBillingType,IsInternal,VMSize,CloudInstanceName,ServicePlanName,OfferName,DeploymentMethod,CustomerName,CustomerCompanyName,UsageDate,IsNewCustomer,CoreSize,TrialEndDate,CustomerCurrencyCC,PriceCC,PayoutCurrencyPC,EstimatedPricePC,UsageReference,UsageUnit,CustomerId,BillingAccountId,RawUsage,EstimatedExtendedChargeCC,EstimatedExtendedChargePC FROM ISVUsage WHERE OfferType IN (\'vm core image\',\'Virtual Machine Licenses\',\'multisolution\') TIMESPAN LAST_6_MONTHS',
	},
	{
		queryId: 'f0c4927f-1f23-4c99-be4a-1371a5a9a086',
		name: 'MeteredUsage',
		description: 'Metered usage report for the last 6M',
		query:
			'SELECT MarketplaceSubscriptionId,MonthStartDate,OfferType,AzureLicenseType,MarketplaceLicenseType,SKU,CustomerCountry,IsPreviewSKU,SKUBillingType,IsInternal,VMSize,CloudInstanceName,ServicePlanName,OfferName,DeploymentMethod,CustomerName,CustomerCompanyName,UsageDate,IsNewCustomer,CoreSize,TrialEndDate,CustomerCurrencyCC,PriceCC,PayoutCurrencyPC,EstimatedPricePC,UsageReference,UsageUnit,CustomerId,BillingAccountId,MeteredUsage,EstimatedExtendedChargeCC,EstimatedExtendedChargePC FROM ISVUsage WHERE OfferType IN (\'SaaS\',\'Azure Applications\') TIMESPAN LAST_6_MONTHS',
	},
	{
		queryId: '6fd7624b-aa9f-42df-a61d-67d42fd00e92',
		name: 'MarketplaceInsights',
		description: 'Marketplace Insights report for the last 6M',
		query:
			'SELECT Date,OfferName,ReferralDomain,CountryName,PageVisits,GetItNow,ContactMe,TestDrive,FreeTrial FROM ISVMarketplaceInsights TIMESPAN LAST_6_MONTHS',
	},
	{
		queryId: 'bf54dde4-7dc4-492f-a69a-f45de049bfcb',
		name: 'Revenue',
		description: 'Revenue report for the last 6M',
		query:
			'SELECT AssetId,SalesChannel,BillingAccountId,CustomerCity,CustomerCompanyName,CustomerCountry,CustomerEmail,CustomerId,CustomerName,CustomerState,EarningAmountCC,EarningAmountPC,EarningAmountUSD,EarningCurrencyCode,EarningExchangeRatePC,EstimatedPayoutMonth,Revenue,EstimatedRevenuePC,EstimatedRevenueUSD,ExchangeRateDate,ExchangeRatePC,ExchangeRateUSD,PayoutStatus,IncentiveRate,TrialDeployment,LineItemId,MonthStartDate,OfferName,OfferType,PaymentInstrumentType,PaymentSentDate,PurchaseRecordId,Quantity,SKU,TermEndDate,TermStartDate,TransactionAmountCC,TransactionAmountPC,TransactionAmountUSD,BillingModel,Units FROM ISVRevenue TIMESPAN LAST_6_MONTHS',
	},
	{
		queryId: 'q9df4939-073f-5795-b0cb-v2c81d11e58d',
		name: 'QualityOfService',
		description: 'Quality of service report for the last 3M',
		query:
			'SELECT OfferId,Sku,DeploymentStatus,DeploymentCorrelationId,SubscriptionId,CustomerTenantId,CustomerName,TemplateType,StartTime,EndTime,DeploymentDurationInMilliSeconds,DeploymentRegion,ResourceProvider,ResourceUri,ResourceGroup,ResourceType,ResourceName,ErrorCode,ErrorName,ErrorMessage,DeepErrorCode,DeepErrorMessage FROM ISVQualityOfService TIMESPAN LAST_3_MONTHS',
	},
	{
		queryId: '6d37d057-06f3-45aa-a971-3a34415e8511',
		name: 'CustomerRetention',
		description: 'Customer retention for the last 6M',
		query:
			'SELECT OfferCategory,OfferName,ProductId,DeploymentMethod,ServicePlanName,Sku,SkuBillingType,CustomerId,CustomerName,CustomerCompanyName,CustomerCountryName,CustomerCountryCode,CustomerCurrencyCode,FirstUsageDate,AzureLicenseType,OfferType,Offset FROM ISVOfferRetention TIMESPAN LAST_6_MONTHS',
	},
];

/** mpn system queries, verbatim from mpn/insights-programmatic-system-queries.md (07/14/2021). */
const MPN_SYSTEM_QUERIES = [
	{
		queryId: '6664daf3-c161-423a-92a1-0ea6db2c0384',
		name: 'CustomersAndTenants',
		description: 'The Customers report for the last six months',
		query:
			'SELECT PGAMpnId,MpnId,PartnerName,CustomerName,CustomerTpid,DUNSNumber,CustomerSegment,TopSegment,CustomerMarket,CustomerStatus,CustomerTenantId,CustomerTenantName,CustomerTenantCountry,TenantDomainName,Product,RawProductName,ProductPartNumber,SKU,Month,PartnerLocation,PartnerAttributionType,SalesChannel,IsDuplicateRowForPGA,AvailableSeats,BilledRevenueUSD,AzureConsumedRevenueUSD FROM CustomersAndTenants TIMESPAN LAST_6_MONTHS',
	},
	{
		queryId: 'c9fc1c79-4408-49ff-97f9-e1aa3f155804',
		name: 'SeatsSubscriptionsAndRevenue',
		description: 'Seats, subscriptions, and revenue report for the last six months',
		query:
			'SELECT PGAMpnId,MpnId,SubscriptionId,SubscriptionStartDate,SubscriptionEndDate,SubscriptionState,month,IsAutoRenew,CustomerName,CustomerTenantId,CustomerTpid,DUNSNumber,CustomerSegment,TopSegment,CustomerMarket,ProductFamily,ReportingProductName,Product,RawProductName,ProductPartNumber,SKU,RevSumDivisionName,PartnerName,SolutionArea,PartnerLocation,PartnerAttributionType,SalesChannel,PricingLevel,EnrollmentNumber,IsDuplicateRowForPGA,SubscriptionStartMonth,TotalSoldSeats,TotalAssignedSeats,BilledRevenueUSD,AzureConsumedRevenueUSD FROM SeatsSubscriptionsAndRevenue TIMESPAN LAST_6_MONTHS',
	},
	{
		queryId: 'e65f3a4f-fb99-4319-97ff-59e57566a871',
		name: 'Profile',
		description: 'Profile data',
		query:
			'SELECT MPNId,PartnerName,PGA_MPNId,PGA_PartnerName,City,Country,HierarchyLevel FROM Profile',
	},
	{
		queryId: 'd1a4d75e-5ca8-4847-845f-ee0a9be6f07b',
		name: 'AzureUsage',
		description: 'AzureUsage report for the last six months',
		query:
			'SELECT PGAMpnId,SubscriptionId,SubscriptionStartDate,SubscriptionEndDate,FirstUseDate,SubscriptionState,Month,ServiceName,MeterCategory,UsageUnits,UsageQuantity,CustomerName,CustomerTenantId,CustomerTpid,CustomerSegment,CustomerMarket,MpnId,PartnerName,PartnerLocation,PartnerAttributionType,SalesChannel,EnrollmentNumber,IsACRDuplicateAtPGALevel,ResellerID,ResellerName,MonthlySubscriptionLevelACR,TotalACR FROM AzureUsage TIMESPAN LAST_6_MONTHS',
	},
	{
		queryId: 'd8349f7b-a7d1-467e-b26d-434d4a50f26a',
		name: 'OfficeUsage',
		description: 'OfficeUsage report for the last six months',
		query:
			'SELECT CustomerTenantId,CustomerTpid,WorkloadName,Month,PaidAvailableUnits,MonthlyActiveUsers,CustomerName,CustomerMarket,CustomerSegment,MPNId,PartnerName,PartnerLocation,PartnerAttributionType,IsDuplicateRowForPGA FROM OfficeUsage TIMESPAN LAST_6_MONTHS',
	},
	{
		queryId: '6209a8fd-93af-442e-8b3f-3df0f77e8463',
		name: 'DynamicsUsage',
		description: 'DynamicsUsage report for six months',
		query:
			'SELECT SubscriptionId,SubscriptionStartDate,SubscriptionEndDate,SubscriptionStatus,Month,RevSumDivisionName,RevSumCategoryName,SKU,SKUId,FreeVsPaidSKU,SalesModel,DetailedSalesModel,CustomerName,CustomerTenantId,CustomerTpid,CustomerSegment,CustomerMarket,MPNId,PartnerName,PartnerLocation,PartnerAttachType,AvailableSeats,AssignedSeats,ActiveSeats,DeploymentOpportunity,ActiveUsagePercent FROM DynamicsUsage TIMESPAN LAST_6_MONTHS',
	},
	{
		queryId: '40ebfe2f-7183-4427-a911-5c9b45b6df15',
		name: 'PowerBIUsage',
		description: 'PowerBIUsage report for six months',
		query:
			'SELECT SubscriptionId,SubscriptionStartDate,SubscriptionEndDate,SubscriptionStatus,Month,SKU,SKUId,FreeVsPaidSKU,SalesModel,DetailedSalesModel,CustomerName,CustomerTenantId,CustomerTpid,CustomerSegment,CustomerMarket,MPNId,PartnerName,PartnerLocation,PartnerAttachType,PartnerHierarchy,AvailableSeats,AssignedSeats,ActiveSeats,DeploymentOpportunity,ActiveUsagePercent FROM PowerBIUsage TIMESPAN LAST_6_MONTHS',
	},
	{
		queryId: 'd7f20ea4-8751-4d6b-b1d7-821c316acd6a',
		name: 'EMSUsage',
		description: 'EMSUsage report for six months',
		query:
			'SELECT SubscriptionId,SubscriptionStartDate,SubscriptionEndDate,SubscriptionStatus,Month,SKU,SKUId,FreeVsPaidSKU,SalesModel,DetailedSalesModel,CustomerName,CustomerTenantId,CustomerTpid,CustomerSegment,CustomerMarket,MPNId,PartnerName,PartnerLocation,PartnerAttachType,PartnerHierarchy,PaidAvailableUnits,MonthlyActiveUsers,AADPPaidAvailableUnits,IntunePaidAvailableUnits,AzipPaidAvailableUnits,AADPMonthlyActiveUsers,IntuneMonthlyActiveUsers,AzipMonthlyActiveUsers FROM EMSUsage TIMESPAN LAST_6_MONTHS',
	},
	{
		queryId: '3a0e1adc-f5c1-42ac-9422-8e944bf81ae5',
		name: 'CompetencyPeformanceRequirement',
		description: 'CompetencyPeformanceRequirement report for six months',
		query:
			'SELECT CompetencyName,CompetencyAttainmentOptionName,Month,MetricName,MetricMonthlyContribution,TTMAggregate,AnniversaryYearAggregate,GoldThreshold,SilverThreshold FROM CompetencyPeformanceRequirement TIMESPAN LAST_6_MONTHS',
	},
	{
		queryId: 'c09c2eda-861b-4664-8ee8-48a14745a26a',
		name: 'CloudProductsResellerPerformance',
		description: 'CloudProductsResellerPerformance report for six months',
		query:
			'SELECT ResellerMpnid,ResellerName,ResellerMarket,IndirectProviderMPNId,IndirectProviderName,Month,Product,SubscriptionID,AvailableSeats,AssignedSeats,BilledRevenueUSD,CustomerName,CustomerTPid,CustomerSegment,CustomerMarket,ResellerStatus FROM CloudProductsResellerPerformance TIMESPAN LAST_6_MONTHS',
	},
	{
		queryId: 'c4fc87ac-4cca-44cd-bf4d-835ac513f9ee',
		name: 'CLASAgreementRenewalsPropensity',
		description: 'CLASAgreementRenewalsPropensity report for six months',
		query:
			'SELECT MPNID,PartnerName,CustomerID,DUNSNumber,AccountName,Domain,OrgSize,Industry,Vertical,Area,Subsidiary,SalesTerritory,City,State,PostalCode,Country,Segment,SubSegment,SMCTypeSummary,TopUnmanagedComputeBase,TopUnmanagedUserBase,IsNonProfit,HasGoogle,HasAWS,AzureCluster,D365FOCluster,D365CECluster,D365BCCluster,M365Cluster,LicenseProgram,AgreementID,AgreementEndDate,ExpirationType,ExpiringRevenue,HasEA,HasOpen,AzureUpsellCustomer,M365UpsellCustomer,RevSumDivisionName FROM CLASAgreementRenewalsPropensity',
	},
	{
		queryId: '9a18bd70-8f90-4bd2-8266-5f6e453e3ee7',
		name: 'CLASAzurePropensity',
		description: 'CLASAzurePropensity report for six months',
		query:
			'SELECT MPNID,PartnerName,CustomerID,DUNSNumber,AccountName,Domain,OrgSize,Industry,Vertical,Area,Subsidiary,SalesTerritory,City,State,PostalCode,Country,Segment,SubSegment,SMCTypeSummary,TopUnmanagedComputeBase,TopUnmanagedUserBase,IsNonProfit,MigrateEOSWinServerWithCLASPropensityAbove5Licenses,MigrateEOSWinServerWithCLASPropensityBelow5Licenses,MigrateEOSWinServerWithoutCLASPropensityAbove5Licenses,MigrateEOSWinServerWithoutCLASPropensityBelow5Licenses,MigrateEOSSQLWithCLASPropensityAbove5Licenses,MigrateEOSSQLWithCLASPropensityBelow5Licenses,MigrateEOSSQLWithoutCLASPropensityAbove5Licenses,MigrateEOSSQLWithoutCLASPropensityBelow5Licenses,MigrateOnPremWinServerCurrentWindowsServerWithCLASPropensityAbove5Licenses,MigrateOnPremWinServerCurrentWindowsServerWithCLASPropensityBelow5Licenses,MigrateOnPremWinServerCurrentWindowsServerWithoutCLASPropensityAbove5Licenses,MigrateOnPremWinServerCurrentWindowsServerIBWithoutCLASPropensityBelow5Licenses,MigrateToAzureSQLOrSQLVMsCurrentSQLServerWithCLASPropensityAbove5Licenses,MigrateToAzureSQLOrSQLVMsCurrentSQLServerWithCLASPropensityBelow5Licenses,MigrateToAzureSQLOrSQLVMsCurrentSQLServerWithoutCLASPropensityAbove5Licenses,MigrateToAzureSQLOrSQLVMsCurrentSQLServerWithoutCLASPropensityBelow5Licenses,MigrateOSSMigrateToOSSDB,MigrateOSSLinuxOnAzure,MigrateSAPOnAzure,MigrateWVDRDSIB,MigrateWVDCrossSellModernWorkToAzureWVD,MigrateVMWareIB,MigrateCitrixIB,InnovateAnalyticsPowerBIIBWithHighAzurepropensity,EnableDevOpsWithGitHubVisualStudioMSDNIB,WinServerStandardVersion,WinServerStandardLicense,WinServerDataCenterVersion,WinServerDataCenterLicense,AzureFit,AzureIntent,AzureCluster,WindowsServerDataCenter_HasOpenRenewal,WindowsServerStandard_HasOpenRenewal,AzureUpsellCustomer,HasGoogle,HasAWS,HasEA,HasOpen FROM CLASAzurePropensity',
	},
	{
		queryId: '258fdcac-6e9c-4072-af27-b1b3d97be16c',
		name: 'CLASD365Propensity',
		description: 'CLASD365Propensity report for six months',
		query:
			'SELECT MPNID,PartnerName,CustomerID,DUNSNumber,AccountName,Domain,OrgSize,Industry,Vertical,Area,Subsidiary,SalesTerritory,City,State,PostalCode,Country,Segment,SubSegment,SMCTypeSummary,TopUnmanagedComputeBase,TopUnmanagedUserBase,IsNonProfit,ActivateDigitalSellingM365SeatSizeAbove25SeatsSalesProPropensityModel,ActivateDigitalSellingD365SalesProPropensityActNowOrEvaluate,ManagingFinancialRiskAndFraudDynamicsOnPremInstallBaseNavisionBCPropensityModel,ManagingFinancialRiskAndFraudDynamicsOnPremInstallBaseAXFAndOPropensityModel,ManagingFinancialRiskAndFraudDynamicsOnPremInstallBaseGreatPlainsBCPropensityModel,ManagingFinancialRiskAndFraudDynamicsOnPremInstallBaseSolomonBCPropensityModel,ManagingFinancialRiskAndFraudDynamicsOnPremInstallBaseOthersBCPropensityModel,ManagingFinancialRiskAndFraudNewCustomerAcquisitionFAndOPropensityModel,ManagingFinancialRiskAndFraudNewCustomerAcquisitionBCPropensityModel,BuildAgileBusinessProcessesDynamicsOnPremInstallBaseAXGPSLNAVOtherD365PropensityModel,BuildAgileBusinessProcessesDynamicsCompeteBaseMendixOutsystemsSalesforceD365PropensityModel,BuildAgileBusinessProcessesD365FAndOInstallBase,BuildAgileBusinessProcessesD365BCInstallBase,BuildAgileBusinessProcessesD365CEInstallBase,BuildaResilientSupplyChainWinandActivateFirstD365WorkloadasD365SupplyChainwithNonOracleSAPERPCustomers,BuildaResilientSupplyChainCrossSellD365SupplyChainANDORRetailCommercetoExistingD365CECustomers,BuildaResilientSupplyChainCrossSellD365SupChainANDORRetailCommercetoD365CEANDOracleORSAP,D365BCCluster,D365BCFit,D365BCIntent,D365FOCluster,D365FOFit,D365FOIntent,D365CECluster,D365CEFit,D365CEIntent,DynamicsOnPremAXorCRM_HasOpenRenewal,M365UpsellCustomer,HasGoogle,HasAWS,HasEA,HasOpen FROM CLASD365Propensity',
	},
	{
		queryId: 'fbe00e32-fdde-4465-b3e4-41bbd021a130',
		name: 'CLASM365Propensity',
		description: 'CLASM365Propensity report for six months',
		query:
			'SELECT MPNID,PartnerName,CustomerID,DUNSNumber,AccountName,Domain,OrgSize,Industry,Vertical,Area,Subsidiary,SalesTerritory,City,State,PostalCode,Country,Segment,SubSegment,SMCTypeSummary,TopUnmanagedComputeBase,TopUnmanagedUserBase,IsNonProfit,EnableRemoteWorkTargetExchangeOnline,EnableRemoteWorkOnPremAcquisitionCurrentVersionwithCLASPropensityAbove10Licenses,EnableRemoteWorkOnPremAcquisitionCurrentVersionwithCLASPropensityBelow10Licenses,EnableRemoteWorkOnPremAcquisitionCurrentVersionwithoutCLASPropensityAbove10Licenses,EnableRemoteWorkOnPremAcquisitionCurrentVersionwithoutCLASPropensityBelow10Licenses,EnableRemoteWorkOnPremAcquisitionEOSwithCLASPropensityAbove10Licenses,EnableRemoteWorkOnPremAcquisitionEOSwithCLASPropensityBelow10Licenses,EnableRemoteWorkOnPremAcquisitionEOSwithoutCLASPropensityAbove10Licenses,EnableRemoteWorkOnPremAcquisitionEOSwithoutCLASPropensityBelow10Licenses,EnableRemoteWorkHighPropensityProspectforM365ActNowEvaluate,EnableRemoteWorkCompeteZoomwithM365,EnableRemoteWorkCompeteZoomwithoutM365,ReduceCostandManageM365E3targetedforM365E5,ReduceCostandManageM365BBandBScustomerstargetedforM365BP,TransformOrganizationalProductivitySurfacePropensity,M365Cluster,M365Fit,M365Intent,SurfaceCluster,SurfaceFit,SurfaceIntent,O365Cluster,O365Fit,O365Intent,M365UpsellCustomer,HasGoogle,HasAWS,HasEA,HasOpen FROM CLASM365Propensity',
	},
	{
		queryId: '42d287be-cc76-4109-a066-f3140ad97fe2',
		name: 'TeamsUsage3PApps',
		description: 'TeamsUsage3PApps report for six months',
		query:
			'SELECT CustomerId,CustomerTenantId,CustomerName,CustomerCountry,DateKey,AppName,UserCount FROM TeamsUsage3PApps TIMESPAN LAST_6_MONTHS',
	},
	{
		queryId: '817fe875-acb0-4c45-9201-b7a35a60235a',
		name: 'TeamsUsageWorkload',
		description: 'TeamsUsageWorkload report for six months',
		query:
			'SELECT CustomerId,CustomerTenantId,MonthKey,SubWorkload,DesktopUsers,WebUsers,MobileUsers,AllUpPartiticipants FROM TeamsUsageWorkload TIMESPAN LAST_6_MONTHS',
	},
	{
		queryId: 'b7bd73a8-47e8-4c57-b915-445708cfd7bf',
		name: 'TeamsUsageMeetingsAndCalls',
		description: 'TeamsUsageMeetingsAndCalls report for six months',
		query:
			'SELECT CustomerId,CustomerTenantId,DateKey,SubWorkload,MeetingCount,MeetingDuration FROM TeamsUsageMeetingsAndCalls TIMESPAN LAST_6_MONTHS',
	},
	{
		queryId: 'fddab2aa-523d-47f6-90fe-588557306db4',
		name: 'CompetencySummaryHistory',
		description: 'CompetencySummaryHistory report for six months',
		query:
			'SELECT CompetencyName,CompetencyLevel,CompetencyStatus,CompetencyStartDate,CompetencyEndDate FROM CompetencySummaryHistory TIMESPAN LAST_6_MONTHS',
	},
	{
		queryId: '20f5da57-3c2a-481b-b6a0-ec34d6db14e2',
		name: 'TrainingCompletions',
		description: 'Training Completions report for six months',
		query:
			'SELECT TrainingActivityId,TrainingTitle,TrainingType,AADUserId,TrainingCompletionDate,Month,IcMCP,MCPID,MPNId,PartnerName,PartnerCityLocation,PartnerCountryLocation FROM TrainingCompletions TIMESPAN LAST_6_MONTHS',
	},
	{
		queryId: '0e06c7c3-75ab-4cd5-8178-8cf1a2de49cc',
		name: 'MSLearn',
		description: 'Microsoft Learn report for the last six months',
		query:
			'SELECT UserName,UserId,TrainingName,TrainingType,Products,Roles,CompletionDate,MPNId,PartnerName,CustomerMarket FROM MSLearn TIMESPAN LAST_6_MONTHS',
	},
];

/** Documented creation dates used as createdTime of system queries. */
const SYSTEM_QUERY_CREATED = { cmp: '2022-03-30T00:00:00Z', mpn: '2021-07-14T00:00:00Z' };

module.exports = { CMP_DATASETS, MPN_DATASETS, CMP_SYSTEM_QUERIES, MPN_SYSTEM_QUERIES, SYSTEM_QUERY_CREATED };
