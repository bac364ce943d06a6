<?php
/**
 * Plugin Name: Dragoman publisher key
 * Description: Lets Dragoman find again the post (and the featured image) it made for a translation, so that
 *   publishing twice updates the post instead of creating a second one, even when Dragoman stopped between
 *   WordPress's reply and its own bookkeeping. Install it as a must-use plugin: copy this file into
 *   wp-content/mu-plugins/ (print it with `dragoman publish wordpress --plugin`).
 * Version: 1.0
 * License: GPL-2.0-or-later
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/** The key Dragoman writes: letters, digits, ':', '_' and '-', at most 100 characters. */
function dragoman_clean_key( $value ) {
	return substr( preg_replace( '/[^A-Za-z0-9:_-]/', '', (string) $value ), 0, 100 );
}

/** Only users who may edit posts read or write the key. */
function dragoman_can_edit() {
	return current_user_can( 'edit_posts' );
}

add_action(
	'init',
	function () {
		foreach ( array( 'post', 'attachment' ) as $type ) {
			register_post_meta(
				$type,
				'dragoman_key',
				array(
					'type'              => 'string',
					'single'            => true,
					'show_in_rest'      => true,
					'sanitize_callback' => 'dragoman_clean_key',
					'auth_callback'     => 'dragoman_can_edit',
				)
			);
		}
	}
);

/*
 * GET /wp-json/dragoman/v1/lookup?key=KEY: the posts and attachments carrying KEY, whatever their status
 * (trash included), oldest first. Also how Dragoman checks that this plugin is installed.
 */
add_action(
	'rest_api_init',
	function () {
		register_rest_route(
			'dragoman/v1',
			'/lookup',
			array(
				'methods'             => 'GET',
				'permission_callback' => 'dragoman_can_edit',
				'args'                => array(
					'key' => array(
						'required'          => true,
						'type'              => 'string',
						'sanitize_callback' => 'dragoman_clean_key',
					),
				),
				'callback'            => function ( WP_REST_Request $request ) {
					$ids = get_posts(
						array(
							'post_type'        => array( 'post', 'attachment' ),
							'post_status'      => array( 'publish', 'future', 'draft', 'pending', 'private', 'trash', 'inherit' ),
							'meta_key'         => 'dragoman_key',
							'meta_value'       => $request['key'],
							'fields'           => 'ids',
							'orderby'          => 'ID',
							'order'            => 'ASC',
							'posts_per_page'   => 20,
							'suppress_filters' => true,
						)
					);
					$found = array();
					foreach ( $ids as $id ) {
						$found[] = array(
							'id'     => $id,
							'type'   => get_post_type( $id ),
							'status' => get_post_status( $id ),
						);
					}
					return array(
						'key'   => $request['key'],
						'found' => $found,
					);
				},
			)
		);
	}
);
