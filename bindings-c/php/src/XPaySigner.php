<?php

declare(strict_types=1);

namespace Paysign;

use FFI\CData;

/** Signs Visa X-Pay requests for one API key and shared secret. */
final class XPaySigner
{
    private CData $signer;

    public function __construct(string $apiKey, string $sharedSecret, bool $fullPath = false)
    {
        Lib::text(['api_key' => $apiKey, 'shared_secret' => $sharedSecret]);
        $this->signer = Lib::result('paysign_x_pay_signer', fn ($out) =>
            Lib::ffi()->paysign_x_pay_signer_new($apiKey, $sharedSecret, $fullPath ? 1 : 0, $out));
    }

    public function apiKey(): string
    {
        return Lib::ffi()->paysign_x_pay_signer_api_key($this->signer);
    }

    public function fullPath(): bool
    {
        return Lib::ffi()->paysign_x_pay_signer_full_path($this->signer) !== 0;
    }

    /** The URL to send (query sorted, apikey added) and x-pay-token, Accept, Content-Type. */
    public function sign(string $method, string $url, string $body = '', ?SignTime $time = null): SignedRequest
    {
        return Signing::sign($method, $url, $body, $time, fn ($m, $u, $t, $out) => Lib::ffi()->paysign_x_pay_signer_sign(
            $this->signer, $m, $u, $body, strlen($body), $t->unixTime, $t->nanos, $t->text, $out));
    }

    public function __destruct()
    {
        if (isset($this->signer)) {
            Lib::ffi()->paysign_x_pay_signer_free($this->signer);
        }
    }
}
