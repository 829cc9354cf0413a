<?php

declare(strict_types=1);

namespace Paysign;

/** @internal The shared half of the three signers' sign(). */
final class Signing
{
    public static function sign(string $method, string $url, string $body, ?SignTime $time, callable $call): SignedRequest
    {
        $time ??= SignTime::now();
        Lib::text(['method' => $method, 'url' => $url, 'time_text' => $time->text]);
        return Lib::readSigned(Lib::result('paysign_signed', fn ($out) => $call($method, $url, $time, $out)));
    }
}
