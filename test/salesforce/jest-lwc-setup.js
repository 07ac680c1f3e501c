// LWC Jest setup: adds sa11y's toBeAccessible() matcher (axe-core rules, as used by lwc-recipes).
const { setup } = require('@sa11y/jest');

setup();
