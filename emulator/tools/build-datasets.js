#!/usr/bin/env node
'use strict';
/**
 * Regenerates emulator/datasets.js from the Markdown sources of three public Partner Center pages (run
 * once; the emulator never reads the docs at run time; the output is committed).
 *
 * Usage: node emulator/tools/build-datasets.js <docs-folder> [out-file]
 *    or: PARTNER_CENTER_DOCS=<docs-folder> node emulator/tools/build-datasets.js [out-file]
 *
 * <docs-folder> must hold, in this layout, the Markdown sources of:
 * - cmp/analytics-system-queries.md: https://learn.microsoft.com/en-us/partner-center/insights/analytics-system-queries
 *   (the text dated 03/30/2022: MicrosoftDocs/azure-docs, articles/marketplace/analytics-system-queries.md);
 * - mpn/insights-programmatic-system-queries.md and mpn/insights-data-definitions.md:
 *   https://learn.microsoft.com/en-us/partner-center/insights/insights-programmatic-system-queries and
 *   …/insights-data-definitions (the English source text dated 07/14/2021 and 12/14/2020, as kept in the
 *   localized copy isabella232/partner-center-pr.sv-se, branch live-sxs, folder partner-center/).
 * out-file defaults to emulator/datasets.js.
 *
 * Written in by hand below (with their pages in each dataset's `sources`): the column lists of the
 * ScheduledDataset examples of analytics-make-your-first-api-call (v1 and v1.1 texts) and
 * insights-programmatic-first-api-call, of insights-programmatic-custom-query (OfficeUsage) and of
 * analytics-sample-queries.
 */
const fs = require('fs');
const path = require('path');

const REQUIRED = ['cmp/analytics-system-queries.md', 'mpn/insights-programmatic-system-queries.md', 'mpn/insights-data-definitions.md'];
const USAGE = [
  'usage: node emulator/tools/build-datasets.js <docs-folder> [out-file]',
  '   or: PARTNER_CENTER_DOCS=<docs-folder> node emulator/tools/build-datasets.js [out-file]',
  `<docs-folder> holds the Markdown sources of the public pages as ${REQUIRED.join(', ')} (see the comment at the top of this file).`,
].join('\n');
function fail(message) {
  console.error(`build-datasets: ${message}\n${USAGE}`);
  process.exit(2);
}
const args = process.argv.slice(2);
const docsDir = process.env.PARTNER_CENTER_DOCS || args.shift();
if (!docsDir) fail('name the folder of the docs: pass it as the first argument or set PARTNER_CENTER_DOCS.');
const missing = REQUIRED.filter((file) => !fs.existsSync(path.join(docsDir, file)));
if (missing.length) fail(`${path.resolve(docsDir)} lacks ${missing.join(', ')}.`);
const rd = (file) => fs.readFileSync(path.join(docsDir, file), 'utf8');
const ident = /^[A-Za-z_][A-Za-z0-9_]*$/;
function selectCols(q) {
  const m = /select\s+(?:distinct\s+)?([\s\S]*?)\s+from\s+([A-Za-z0-9_]+)/i.exec(q);
  if (!m) return null;
  return { ds: m[2], cols: m[1].split(',').map((s) => s.trim()).filter(Boolean) };
}
// system queries
function sysq(text, re) {
  const out = [];
  let m;
  while ((m = re.exec(text))) out.push(m);
  return out;
}
const cmpSysText = rd('cmp/analytics-system-queries.md');
const cmpSQ = [];
{
  const re = /\*\*Report description\*\*:\s*(.+?)\n[\s\S]*?\*\*QueryID\*\*:\s*`([^`]+)`[\s\S]*?\*\*Report query\*\*:\s*\n\s*\n`([^`]+)`/g;
  for (const m of sysq(cmpSysText, re)) cmpSQ.push({ description: m[1].trim(), id: m[2].trim(), query: m[3].replace(/\s+/g, ' ').trim() });
}
const mpnSysText = rd('mpn/insights-programmatic-system-queries.md');
const mpnSQ = [];
{
  const re = /## <a name="[^"]+"><\/a>(.+?)\n([\s\S]*?)Query ID: `([^`]+)`[\s\S]*?```sql\n([\s\S]*?)```/g;
  for (const m of sysq(mpnSysText, re)) {
    const descLines = m[2].split('\n').map(s=>s.trim()).filter((s) => s && !s.startsWith('#'));
    mpnSQ.push({ title: m[1].trim(), description: descLines[descLines.length-1], id: m[3].trim(), query: m[4].replace(/\s+/g, ' ').replace(/,\s+/g, ',').trim() });
  }
}
// data definitions
const ddText = rd('mpn/insights-data-definitions.md');
const ddSections = {};
{
  const parts = ddText.split(/\n### /).slice(1);
  for (const p of parts) {
    const title = /\*\*(.+?)\*\*/.exec(p)[1];
    const cols = [];
    for (const line of p.split('\n')) {
      const m = /^\|\s*([^|]+?)\s*\|/.exec(line);
      if (!m || m[1] === 'Column name' || m[1].startsWith(':')) continue;
      const name = m[1].replace(/\s+/g, '');
      if (ident.test(name)) cols.push(name);
    }
    ddSections[title] = cols;
  }
}
const o = { cmpSQ, mpnSQ, ddSections };

const cols = (q) => /select\s+(?:distinct\s+)?([\s\S]*?)\s+from\s+/i.exec(q)[1].split(',').map((s) => s.trim()).filter(Boolean);
const sys = (id) => { const q = [...o.cmpSQ, ...o.mpnSQ].find((x) => x.id === id); return cols(q.query); };
const dd = (t) => o.ddSections[t];
function union(...lists) {
  const seen = new Set(); const out = [];
  for (const l of lists) for (const c of l) { const k = c.toLowerCase(); if (!seen.has(k)) { seen.add(k); out.push(c); } }
  return out;
}
const seedISVOrderV11 = 'MarketplaceSubscriptionId,MonthStartDate,OfferType,AzureLicenseType,MarketplaceLicenseType,SKU,CustomerCountry,IsPreviewSKU,AssetId,Quantity,CloudInstanceName,IsNewCustomer,OrderStatus,OrderCancelDate,CustomerCompanyName,OrderPurchaseDate,OfferName,IsPrivateOffer,TermStartDate,TermEndDate,PurchaseRecordId,PurchaseRecordLineItemId,BilledRevenue,Currency,HasTrial,IsTrial,TrialEndDate,OrderAction,QuantityChanged,EventTimestamp,CustomerId,BillingAccountId,PlanId,BillingTerm,BillingPlan,ReferenceId,AutoRenew,OrderVersion,ListPriceUSD,DiscountPriceUSD,IsPrivatePlan,OfferId,PrivateOfferId,PrivateOfferName,BillingId,Version,CustomerAdjustmentUSD,MultiParty,PartnerInfo'.split(',');
const seedISVOrderV1 = 'MarketplaceSubscriptionId,MonthStartDate,OfferType,AzureLicenseType,Sku,CustomerCountry,IsPreviewSKU,OrderId,OrderQuantity,CloudInstanceName,IsNewCustomer,OrderStatus,OrderCancelDate,CustomerCompanyName,CustomerName,OrderPurchaseDate,OfferName,TrialEndDate,CustomerId,BillingAccountId'.split(',');
const seedDyn = 'PGAMpnId,SubscriptionId,SubscriptionStartDate,SubscriptionEndDate,SubscriptionStatus,Month,RevSumDivisionName,RevSumCategoryName,SKU,SKUId,FreeVsPaidSKU,SalesModel,DetailedSalesModel,CustomerName,CustomerTenantId,CustomerTpid,CustomerSegment,CustomerMarket,MPNId,PartnerName,PartnerLocation,PartnerAttachType,AvailableSeats,AssignedSeats,ActiveSeats,DeploymentOpportunity,ActiveUsagePercent'.split(',');
const seedDynMetrics = 'SubscriptionCount,TotalAssignedSeats,TotalSoldSeats,TotalActiveSeats,TotalRevenueAndACR,CustomerCount,CustomerTenantCount'.split(',');
const officeSel = 'CustomerTenantId,CustomerTpid,WorkloadName,Month,PaidAvailableUnits,MonthlyActiveUsers,CustomerName,CustomerMarket,CustomerSegment,MPNId,PartnerName,PartnerLocation,PartnerAttributionType,IsDuplicateRowForPGA'.split(',');
const officeMetrics = 'CustomerCount,CustomerTenantCount,TotalPaidAvailableUnits,TotalMonthlyActiveUsers'.split(',');
const cmpRanges = ['LAST_MONTH','LAST_3_MONTHS','LAST_6_MONTHS','LAST_1_YEAR','LIFETIME'];
const usageMetrics = ['NormalizedUsage','RawUsage','MeteredUsage','EstimatedExtendedChargeCC','EstimatedExtendedChargePC'];
const miMetrics = ['PageVisits','GetItNow','ContactMe','TestDrive','FreeTrial'];
function ds(name, sel, metrics, sources, extra = {}) {
  const m = metrics.map((x) => x);
  const mk = new Set(m.map((x) => x.toLowerCase()));
  return { datasetName: name, selectableColumns: union(sel).filter((c) => !mk.has(c.toLowerCase())), availableMetrics: m, sources, ...extra };
}
const cmp = [
  ds('ISVOrder', union(seedISVOrderV11, seedISVOrderV1, sys('fd0f299c-5a1c-4929-9f48-bfc6cc44355d')), [], 'analytics-make-your-first-api-call (ScheduledDataset examples of the v1.1 and v1 texts), analytics-system-queries (Orders query)'),
  ds('ISVOrderV2', sys('bd1b0cc1-ce45-4578-beba-6fe5a69fd421'), [], 'cmp/analytics-system-queries.md (OrdersV2 query SELECT list)'),
  ds('ISVUsage', union(sys('2c6f384b-ad52-4aed-965f-32bfa09b3778'), sys('3f19fb95-5bc4-4ee0-872e-cedd22578512'), sys('f0c4927f-1f23-4c99-be4a-1371a5a9a086'), ['IsPrivateOffer']), usageMetrics, 'cmp/analytics-system-queries.md (usage queries), cmp/analytics-custom-query-specification.md (ISVUsage example: metrics NormalizedUsage, RawUsage, EstimatedExtendedChargeCC), cmp/analytics-sample-queries.md (IsPrivateOffer)'),
  ds('ISVCustomer', union(sys('b9df4929-073f-4795-b0cb-a2c81b11e28d'), ['IsActive']), [], 'cmp/analytics-system-queries.md (Customers query), cmp/analytics-sample-queries.md (IsActive filter)'),
  ds('ISVMarketplaceInsights', sys('6fd7624b-aa9f-42df-a61d-67d42fd00e92'), miMetrics, 'cmp/analytics-system-queries.md (Marketplace insights query); metric split [inferred]'),
  ds('ISVRevenue', sys('bf54dde4-7dc4-492f-a69a-f45de049bfcb'), [], 'cmp/analytics-system-queries.md (Revenue query), cmp/analytics-sample-queries.md'),
  ds('ISVQualityOfService', sys('q9df4939-073f-5795-b0cb-v2c81d11e58d'), [], 'cmp/analytics-system-queries.md (Quality of service query)'),
  ds('ISVOfferRetention', sys('6d37d057-06f3-45aa-a971-3a34415e8511'), [], 'cmp/analytics-system-queries.md (Customer retention query)'),
];
for (const d of cmp) { d.availableDateRanges = cmpRanges; d.minimumRecurrenceInterval = 1; }
const mpnRanges = ['LAST_MONTH','LAST_3_MONTHS','LAST_6_MONTHS','LAST_1_YEAR','LIFETIME'];
const mpn = [
  ds('CustomersAndTenants', union(sys('6664daf3-c161-423a-92a1-0ea6db2c0384'), dd('Customer details report')), [], 'mpn system query 6664daf3, insights-data-definitions.md "Customer details report"'),
  ds('SeatsSubscriptionsAndRevenue', union(sys('c9fc1c79-4408-49ff-97f9-e1aa3f155804'), dd('Subscription details report')), ['SubscriptionCount','CustomerCount','TotalSoldSeats','TotalAssignedSeats'], 'mpn system query c9fc1c79, data definitions "Subscription details report", sample queries (SubscriptionCount, CustomerCount) [metric split inferred]'),
  ds('AzureUsage', union(sys('d1a4d75e-5ca8-4847-845f-ee0a9be6f07b'), dd('Azure usage report')), ['TotalACR'], 'mpn system query d1a4d75e, data definitions "Azure usage report" [TotalACR as metric inferred]'),
  ds('MSLearn', union(sys('0e06c7c3-75ab-4cd5-8178-8cf1a2de49cc'), dd('Microsoft Learn report')), [], 'mpn system query 0e06c7c3, data definitions "Microsoft Learn report"'),
  ds('OfficeUsage', union(officeSel, sys('d8349f7b-a7d1-467e-b26d-434d4a50f26a'), dd('Office 365 license usage report')), officeMetrics, 'mpn/insights-programmatic-custom-query.md (OfficeUsage dataset JSON), system query d8349f7b'),
  ds('Profile', union(sys('e65f3a4f-fb99-4319-97ff-59e57566a871'), dd('Partner profile report'), ['PGAMpnId']), [], 'mpn system query e65f3a4f, data definitions "Partner profile report", sample queries (PGAMpnId)'),
  ds('TrainingCompletions', union(sys('20f5da57-3c2a-481b-b6a0-ec34d6db14e2'), dd('Training details report')), [], 'mpn system query 20f5da57, data definitions "Training details report"'),
  ds('DynamicsUsage', union(seedDyn, sys('6209a8fd-93af-442e-8b3f-3df0f77e8463'), dd('Dynamics 365 license usage report')), seedDynMetrics, 'insights-programmatic-first-api-call (DynamicsUsage dataset JSON incl. minimumRecurrenceInterval 24, text of 2022)'),
  ds('CompetencySummaryHistory', union(sys('fddab2aa-523d-47f6-90fe-588557306db4'), dd('Competency summary and history report')), [], 'mpn system query fddab2aa, data definitions'),
  ds('PowerBIUsage', union(sys('40ebfe2f-7183-4427-a911-5c9b45b6df15'), dd('Power BI license usage report')), [], 'mpn system query 40ebfe2f, data definitions'),
  ds('EMSUsage', union(sys('d7f20ea4-8751-4d6b-b1d7-821c316acd6a'), dd('Enterprise Mobility license usage report')), [], 'mpn system query d7f20ea4, data definitions'),
  ds('CompetencyPeformanceRequirement', union(sys('3a0e1adc-f5c1-42ac-9422-8e944bf81ae5'), dd('Competency performance report')), [], 'mpn system query 3a0e1adc (dataset name spelled as documented), data definitions'),
  ds('ResellerPerformance', union(dd('Reseller performance report')), ['CustomerCount','SubscriptionCount','TotalAvailableSeats','TotalAssignedSeats','TotalRevenue'], 'data definitions "Reseller performance report", mpn sample queries (metrics)'),
  ds('CloudProductsResellerPerformance', union(sys('c09c2eda-861b-4664-8ee8-48a14745a26a'), dd('Reseller performance report')), [], 'mpn system query c09c2eda, data definitions "Reseller performance report"'),
  ds('CLASAgreementRenewalsPropensity', union(sys('c4fc87ac-4cca-44cd-bf4d-835ac513f9ee'), dd('Cloud Ascent - agreement renewal propensity report')), [], 'mpn system query c4fc87ac, data definitions'),
  ds('CLASAzurePropensity', union(sys('9a18bd70-8f90-4bd2-8266-5f6e453e3ee7'), dd('Cloud Ascent - Azure propensity report')), [], 'mpn system query 9a18bd70, data definitions'),
  ds('CLASD365Propensity', union(sys('258fdcac-6e9c-4072-af27-b1b3d97be16c'), dd('Cloud Ascent - Dynamics 365 propensity report')), [], 'mpn system query 258fdcac, data definitions'),
  ds('CLASM365Propensity', union(sys('fbe00e32-fdde-4465-b3e4-41bbd021a130'), dd('Cloud Ascent - Microsoft 365 propensity report')), [], 'mpn system query fbe00e32, data definitions'),
  ds('TeamsUsage3PApps', union(sys('42d287be-cc76-4109-a066-f3140ad97fe2'), dd('Teams usage 3P apps report')), [], 'mpn system query 42d287be, data definitions'),
  ds('TeamsUsageWorkload', union(sys('817fe875-acb0-4c45-9201-b7a35a60235a'), dd('Teams monthly usage report')), [], 'mpn system query 817fe875, data definitions'),
  ds('TeamsUsageMeetingsAndCalls', union(sys('b7bd73a8-47e8-4c57-b915-445708cfd7bf'), dd('Teams meetings and calls report')), [], 'mpn system query b7bd73a8, data definitions'),
];
for (const d of mpn) { d.availableDateRanges = mpnRanges; d.minimumRecurrenceInterval = 24; }
const cmpNames = { 'b9df4929-073f-4795-b0cb-a2c81b11e28d': 'Customers', 'fd0f299c-5a1c-4929-9f48-bfc6cc44355d': 'Orders', 'bd1b0cc1-ce45-4578-beba-6fe5a69fd421': 'OrdersV2', '2c6f384b-ad52-4aed-965f-32bfa09b3778': 'VMNormalizedUsage', '3f19fb95-5bc4-4ee0-872e-cedd22578512': 'VMRawUsage', 'f0c4927f-1f23-4c99-be4a-1371a5a9a086': 'MeteredUsage', '6fd7624b-aa9f-42df-a61d-67d42fd00e92': 'MarketplaceInsights', 'bf54dde4-7dc4-492f-a69a-f45de049bfcb': 'Revenue', 'q9df4939-073f-5795-b0cb-v2c81d11e58d': 'QualityOfService', '6d37d057-06f3-45aa-a971-3a34415e8511': 'CustomerRetention' };
const cmpSys = o.cmpSQ.map((q) => ({ queryId: q.id, name: cmpNames[q.id], description: q.description, query: q.query.replace(/SELECT\s+/, 'SELECT ').replace(/,\s+/g, ',').replace(/\s+FROM/, ' FROM') }));
const mpnSys = o.mpnSQ.map((q) => ({ queryId: q.id, name: /FROM\s+(\w+)/.exec(q.query)[1], description: q.description, query: q.query }));
const J = (v) => Array.isArray(v) ? '[' + v.map(J).join(', ') + ']' : typeof v === 'string' ? "'" + v.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'" : String(v);
const fmtList = (arr) => { const lines = []; let cur = ''; for (const s of arr.map(J)) { if ((cur + s).length > 100) { lines.push(cur.trimEnd()); cur = ''; } cur += s + ', '; } if (cur) lines.push(cur.replace(/, $/, '')); return '[\n\t\t\t' + lines.join('\n\t\t\t') + ',\n\t\t]'; };
function fmtDs(d) {
  return `\t// Sources: ${d.sources}\n\t{\n\t\tdatasetName: ${J(d.datasetName)},\n\t\tselectableColumns: ${d.selectableColumns.length ? fmtList(d.selectableColumns) : '[]'},\n\t\tavailableMetrics: ${d.availableMetrics.length ? fmtList(d.availableMetrics) : '[]'},\n\t\tavailableDateRanges: ${J(d.availableDateRanges)},\n\t\tminimumRecurrenceInterval: ${d.minimumRecurrenceInterval},\n\t},`;
}
function fmtSq(q) { return `\t{\n\t\tqueryId: ${J(q.queryId)},\n\t\tname: ${J(q.name)},\n\t\tdescription: ${J(q.description)},\n\t\tquery:\n\t\t\t${J(q.query)},\n\t},`; }
const out = `'use strict';
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
${cmp.map(fmtDs).join('\n')}
];

/** Partner insights (mpn) datasets: the 20 names of insights-programmatic-first-api-call + CloudProductsResellerPerformance (system query). */
const MPN_DATASETS = [
${mpn.map(fmtDs).join('\n')}
];

/**
 * cmp system queries, verbatim from cmp/analytics-system-queries.md (03/30/2022). The quality-of-service
 * QueryId is not a valid GUID in the docs; it is kept as documented. Names are [inferred] (not documented).
 */
const CMP_SYSTEM_QUERIES = [
${cmpSys.map(fmtSq).join('\n')}
];

/** mpn system queries, verbatim from mpn/insights-programmatic-system-queries.md (07/14/2021). */
const MPN_SYSTEM_QUERIES = [
${mpnSys.map(fmtSq).join('\n')}
];

/** Documented creation dates used as createdTime of system queries. */
const SYSTEM_QUERY_CREATED = { cmp: '2022-03-30T00:00:00Z', mpn: '2021-07-14T00:00:00Z' };

module.exports = { CMP_DATASETS, MPN_DATASETS, CMP_SYSTEM_QUERIES, MPN_SYSTEM_QUERIES, SYSTEM_QUERY_CREATED };
`;
const target = args[0] || path.join(__dirname, '..', 'datasets.js');
fs.writeFileSync(target, out);
console.log(`wrote ${target}`);
