// @apollo/gateway reports usage to Apollo unless this is set when it is constructed. Buurtgraaf
// never calls out of the partners' network, so this module is imported before the gateway.
process.env.APOLLO_TELEMETRY_DISABLED = '1';
