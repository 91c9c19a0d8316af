const { parseQuery } = require('../../../nodes/PartnerCenterAnalytics/queryLanguage/parser');
test('smoke', () => {
  for (const q of [
    "SELECT a, b FROM X WHERE c = 'it''s' AND d IN (1, -2.5) ORDER BY a ASC, b LIMIT 10 TIMESPAN LAST_MONTH",
    "select distinct a from X where c not like '%x%' and d not in ('a')",
    "SELECT a b FROM X", "SELECT a FROM X WHERE MPNId=6096xxx", "SELECT a FROM X WHERE a = ‘x’",
    "SELECT a FROM X TIMESPAN LAST_MONTH LIMIT 5", "SELECT SUM(a) FROM X", "SELECT a FROM X WHERE b = 'x",
    "", "SELECT a FROM X GROUP BY a", "SELECT a FROM X WHERE a = 1 OR b = 2", "SELECT * FROM X\nWHERE a <> 1",
  ]) console.log(JSON.stringify(q), JSON.stringify(parseQuery(q).ok ? 'OK' : parseQuery(q).error));
});
