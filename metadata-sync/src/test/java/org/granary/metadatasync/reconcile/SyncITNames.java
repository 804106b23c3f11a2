package org.granary.metadatasync.reconcile;

/** File names and legacy rows as the sync's tests make them (names the OMTO3 pattern accepts). */
public final class SyncITNames {
    private SyncITNames() {
    }

    public static String fileName(int orbit) {
        return "OMI-Aura_L2-OMTO3_2004m1001t0003-o%05d_v003-2012m0405t174311.he5".formatted(orbit);
    }

    public static String insert(String fileName, String md5, long size) {
        return "INSERT INTO file_inventory (file_name, esdt_code, start_time, stop_time, orbit_number, file_size, md5_checksum, cksum_value,"
                + " archive_path, status_code) VALUES ('" + fileName + "', 'OMTO3.003', '2004-10-01 00:03:00', '2004-10-01 01:42:00', "
                + fileName.substring(34, 39) + ", " + size + ", '" + md5 + "', 4711, '/archive/OMI/" + fileName + "', 'A')";
    }
}
