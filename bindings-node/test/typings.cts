// The CommonJS view of the same typings: `require('hookseal')`.
import hookseal = require('hookseal');

const wh = new hookseal.Webhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
const verified: hookseal.Verified = wh.verify('{}', wh.sign('{}'));
void verified;
