#!/usr/bin/env node
// kubectl plugin entry: `kubectl ktail …` runs this with the same arguments.
'use strict';
require('./ktail.js');
