/**
 * What n8n's editor shows for a node's parameters, computed with n8n-workflow's own NodeHelpers (the
 * code the editor runs): the parameters it keeps after a change, and the properties it displays.
 */
const { NodeHelpers } = require('n8n-workflow');

const nodeFor = (description, parameters) => ({
	id: 'n1',
	name: 'Node',
	type: description.name,
	typeVersion: 1,
	position: [0, 0],
	parameters,
});

/**
 * The parameters after the user sets `changes` (e.g. { operation: 'test' }), as the editor recomputes
 * them: values of properties no longer shown are dropped, defaults of newly shown ones are added.
 */
function applyChange(description, parameters, changes) {
	const next = { ...parameters, ...changes };
	return NodeHelpers.getNodeParameters(
		description.properties,
		next,
		true,
		false,
		nodeFor(description, next),
		description,
	);
}

/** The top-level properties shown for these parameters (defaults filled in as the editor does). */
function visibleProperties(description, parameters) {
	const resolved = applyChange(description, parameters, {});
	return description.properties.filter((property) =>
		NodeHelpers.displayParameter(resolved, property, nodeFor(description, resolved), description),
	);
}

/** The display names a user can see for these parameters: top-level ones and those inside collections. */
function visibleDisplayNames(description, parameters) {
	const names = new Set();
	const walk = (properties) => {
		for (const property of properties) {
			names.add(property.displayName);
			for (const option of property.options ?? []) {
				// Collections list properties; fixedCollections list groups with `values`; options list choices.
				if (option.type !== undefined && option.displayName !== undefined) walk([option]);
				else if (Array.isArray(option.values)) {
					names.add(option.displayName);
					walk(option.values);
				}
			}
		}
	};
	walk(visibleProperties(description, parameters));
	return names;
}

module.exports = { applyChange, visibleProperties, visibleDisplayNames };
