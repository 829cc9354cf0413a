// ESM entry of paysign/testing (the implementation is testing.js).
import testing from './testing.js'

export const startGateway = testing.startGateway
export default testing
