/** The package's three nodes by class, for the suites that check all of them (descriptions, messages). */
const { PartnerCenterAnalytics } = require('../../nodes/PartnerCenterAnalytics/PartnerCenterAnalytics.node');
const { PartnerCenterAnalyticsTrigger } = require('../../nodes/PartnerCenterAnalyticsTrigger/PartnerCenterAnalyticsTrigger.node');
const { PartnerCenterAnalyticsPollTrigger } = require('../../nodes/PartnerCenterAnalyticsPollTrigger/PartnerCenterAnalyticsPollTrigger.node');

module.exports = { PartnerCenterAnalytics, PartnerCenterAnalyticsTrigger, PartnerCenterAnalyticsPollTrigger };
