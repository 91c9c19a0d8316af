/** Which Entra answers get which advice: pure, so tested directly. */
const {
	entraErrorCodes,
	classifyEntraCodes,
	entraGuidance,
	mentionsMissingMfa,
	MFA_GUIDANCE,
	RECONNECT_GUIDANCE,
} = require('../../credentials/entraErrors');

describe('entraErrorCodes', () => {
	test('reads error_codes, else the AADSTS codes of the description', () => {
		expect(entraErrorCodes({ error_codes: [50076], error_description: 'AADSTS1: x' })).toEqual([50076]);
		expect(entraErrorCodes({ error_description: 'AADSTS700082: The refresh token has expired.' })).toEqual([700082]);
		expect(entraErrorCodes({ error: 'invalid_grant' })).toEqual([]);
		expect(entraErrorCodes('AADSTS50076')).toEqual([]);
		expect(entraErrorCodes(undefined)).toEqual([]);
	});
});

describe('classifyEntraCodes and entraGuidance', () => {
	test.each([50076, 50079, 50158, 53003, 50074])('%i asks for MFA: the two credentials that can do it', (code) => {
		expect(classifyEntraCodes([code])).toBe('mfaRequired');
		expect(entraGuidance([code])).toBe(MFA_GUIDANCE);
	});
	test.each([70008, 700082, 50173, 700084, 54005])('%i means the sign-in is gone: reconnect', (code) => {
		expect(classifyEntraCodes([code])).toBe('reconnect');
		expect(entraGuidance([code])).toBe(RECONNECT_GUIDANCE);
	});
	test('other codes keep Entra\'s own description', () => {
		expect(classifyEntraCodes([7000215])).toBe('other');
		expect(entraGuidance([7000215, 90002])).toBeUndefined();
		expect(entraGuidance([])).toBeUndefined();
	});
	test('the guidance names April 2026 and both alternatives', () => {
		expect(MFA_GUIDANCE).toContain('April 2026');
		expect(MFA_GUIDANCE).toContain('(Client Credentials) API');
		expect(MFA_GUIDANCE).toContain('(Sign-In) OAuth2 API');
	});
});

test('mentionsMissingMfa', () => {
	expect(mentionsMissingMfa('Multi-factor authentication is required')).toBe(true);
	expect(mentionsMissingMfa('token issued without MFA')).toBe(true);
	expect(mentionsMissingMfa('Unauthorized. Check the token')).toBe(false);
	expect(mentionsMissingMfa(undefined)).toBe(false);
});
