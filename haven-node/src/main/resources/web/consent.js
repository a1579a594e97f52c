/* The travel consent workspace. */
"use strict";

Haven.ready.then(() => {});
