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
 * What the editor does first when a parameter changes (removeMismatchedOptionValues in n8n's
 * editor-ui nodeSettingsUtils, restated): every shown property with options whose displayOptions name
 * the changed parameter loses its value unless the value is one of its options. For a collection or
 * fixedCollection, n8n compares every key of the node's parameters with the option names, so such a
 * property, when shown and conditioned on the changed parameter, is always cleared.
 */
function removeMismatchedOptionValues(description, values, changed) {
	for (const property of description.properties) {
		const { displayOptions, options } = property;
		if (!(property.name in values) || !displayOptions || !options) continue;
		if (
			displayOptions.show?.[changed] === undefined &&
			displayOptions.hide?.[changed] === undefined
		)
			continue;
		const valid = ['collection', 'fixedCollection'].includes(property.type)
			? Object.keys(values).every((key) => options.some((option) => option.name === key))
			: options.some((option) => option.value === values[property.name]);
		if (
			!valid &&
			NodeHelpers.displayParameter(values, property, nodeFor(description, values), description)
		)
			delete values[property.name];
	}
}

/**
 * The parameters after the user sets `changes` (e.g. { operation: 'test' }), as the editor recomputes
 * them: values of properties no longer shown are dropped, defaults of newly shown ones are added.
 */
function applyChange(description, parameters, changes) {
	const next = { ...parameters, ...changes };
	for (const name of Object.keys(changes)) removeMismatchedOptionValues(description, next, name);
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
