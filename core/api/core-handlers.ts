export const coreHandlers = {};
