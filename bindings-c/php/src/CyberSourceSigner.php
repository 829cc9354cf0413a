<?php

declare(strict_types=1);

namespace Paysign;

use FFI\CData;

/** Signs CyberSource requests for one merchant. */
final class CyberSourceSigner
{
    private CData $signer;

    public function __construct(string $merchantId, string $keyId, string $sharedSecret)
    {
        Lib::text(['merchant_id' => $merchantId, 'key_id' => $keyId, 'shared_secret' => $sharedSecret]);
        $this->signer = Lib::result('paysign_cybersource_signer', fn ($out) =>
            Lib::ffi()->paysign_cybersource_signer_new($merchantId, $keyId, $sharedSecret, $out));
    }

    public function merchantId(): string
    {
        return Lib::ffi()->paysign_cybersource_signer_merchant_id($this->signer);
    }

    public function keyId(): string
    {
        return Lib::ffi()->paysign_cybersource_signer_key_id($this->signer);
    }

    /** The URL to send and v-c-merchant-id, Date, Host, Digest (POST/PUT/PATCH), Signature. */
    public function sign(string $method, string $url, string $body = '', ?SignTime $time = null): SignedRequest
    {
        return Signing::sign($method, $url, $body, $time, fn ($m, $u, $t, $out) => Lib::ffi()->paysign_cybersource_signer_sign(
            $this->signer, $m, $u, $body, strlen($body), $t->unixTime, $t->nanos, $t->text, $out));
    }

    public function __destruct()
    {
        if (isset($this->signer)) {
            Lib::ffi()->paysign_cybersource_signer_free($this->signer);
        }
    }
}
